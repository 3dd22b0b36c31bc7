package main

// The log callback kvm calls for each record (kept apart from kvm.go: a file with
// //export may only declare C functions in its preamble).

/*
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"runtime/cgo"
	"unsafe"
)

//export kvmGoLogRecord
func kvmGoLogRecord(userData unsafe.Pointer, runID *C.char, recordJSON *C.char) {
	onRecord := (*(*cgo.Handle)(userData)).Value().(func(string, Record))
	var record Record
	if err := json.Unmarshal([]byte(C.GoString(recordJSON)), &record); err != nil {
		record = Record{Type: "warning", Message: "unreadable record: " + err.Error()}
	}
	onRecord(C.GoString(runID), record)
}
