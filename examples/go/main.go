// A small stand-in for the Cozy stack: it links kvm through cgo, runs two konnectors at
// once on one host, prints their log records as they arrive and then their reports.
// See README.md for the two commands that build and run it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

func main() {
	here, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	host, err := NewHost(`{"concurrency": 2, "limits": {"timeout_ms": 30000}}`)
	if err != nil {
		fail(err)
	}
	defer host.Close()

	requests := []map[string]interface{}{
		{
			"id":        "hello",
			"konnector": filepath.Join(here, "..", "hello"),
			"env":       map[string]interface{}{"COZY_FIELDS": map[string]string{"login": "ada"}},
		},
		{
			"id":        "counter",
			"konnector": filepath.Join(here, "counter"),
			"env":       map[string]interface{}{"COZY_PARAMETERS": map[string]int{"count": 3}},
		},
	}

	var printing sync.Mutex
	reports := make([]Report, len(requests))
	var runs sync.WaitGroup
	for i, request := range requests {
		body, err := json.Marshal(request)
		if err != nil {
			fail(err)
		}
		runs.Add(1)
		go func(i int, body string) {
			defer runs.Done()
			report, err := host.Run(body, func(runID string, record Record) {
				printing.Lock()
				defer printing.Unlock()
				fmt.Printf("[%s] %s: %s\n", runID, record.Type, record.Message)
			})
			if err != nil {
				fail(err)
			}
			reports[i] = report
		}(i, string(body))
	}
	runs.Wait()

	for _, report := range reports {
		fmt.Printf("report %s: %s, %d records, %d ms", report.ID, report.Outcome, len(report.Logs), report.Stats.WallMs)
		if report.Error != nil {
			fmt.Printf(", error %q", *report.Error)
		}
		fmt.Println()
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "embed:", err)
	os.Exit(1)
}
