package main

// The Go side of kvm's C ABI (runtime/include/kvm.h): what the Cozy stack would link.
// The library comes from `cargo build` in target/debug; a stack binary would rather link
// libkvm.a statically (LDFLAGS: -l:libkvm.a -lm -ldl -lpthread).

/*
#cgo CFLAGS: -I${SRCDIR}/../../runtime/include
#cgo LDFLAGS: -L${SRCDIR}/../../target/debug -Wl,-rpath,${SRCDIR}/../../target/debug -lkvm
#include <stdlib.h>
#include "kvm.h"

// Exported from log.go; cgo declares it without const.
extern void kvmGoLogRecord(void *user_data, char *run_id, char *record_json);

static KvmLogCallback kvm_go_log_callback(void) {
	return (KvmLogCallback)kvmGoLogRecord;
}
*/
import "C"

import (
	"encoding/json"
	"errors"
	"runtime/cgo"
	"unsafe"
)

// Record is one log record of a run, as the konnector logged it.
type Record struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Report is what a run gives back (the fields this example reads).
type Report struct {
	ID      string   `json:"id"`
	Outcome string   `json:"outcome"`
	Error   *string  `json:"error"`
	Logs    []Record `json:"logs"`
	Stats   struct {
		WallMs int64 `json:"wall_ms"`
	} `json:"stats"`
}

// Host runs konnectors; safe for use from many goroutines at once.
type Host struct {
	host *C.KvmHost
}

// NewHost makes a host from its JSON configuration.
func NewHost(config string) (*Host, error) {
	cConfig := C.CString(config)
	defer C.free(unsafe.Pointer(cConfig))
	var cError *C.char
	host := C.kvm_host_new(cConfig, &cError)
	if host == nil {
		defer C.kvm_string_free(cError)
		var failure struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal([]byte(C.GoString(cError)), &failure); err != nil {
			return nil, err
		}
		return nil, errors.New(failure.Error)
	}
	return &Host{host: host}, nil
}

// Run runs one konnector to its end, blocking the goroutine; onRecord receives each log
// record as it happens, on a thread of kvm's.
func (h *Host) Run(request string, onRecord func(runID string, record Record)) (Report, error) {
	cRequest := C.CString(request)
	defer C.free(unsafe.Pointer(cRequest))
	handle := cgo.NewHandle(onRecord)
	defer handle.Delete()
	cReport := C.kvm_run(h.host, cRequest, C.kvm_go_log_callback(), unsafe.Pointer(&handle))
	defer C.kvm_string_free(cReport)
	var report Report
	err := json.Unmarshal([]byte(C.GoString(cReport)), &report)
	return report, err
}

// Cancel ends the run with this id (the request's "id"); whether one was going.
func (h *Host) Cancel(runID string) bool {
	cID := C.CString(runID)
	defer C.free(unsafe.Pointer(cID))
	return C.kvm_run_cancel(h.host, cID) == 1
}

// Close cancels the runs going and waits for their Run calls to return.
func (h *Host) Close() {
	C.kvm_host_free(h.host)
	h.host = nil
}
