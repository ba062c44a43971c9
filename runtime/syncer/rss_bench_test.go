package syncer_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/syncer"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// BenchmarkBackfillPeakRSS backfills 200,000 objects (stripetest's default
// mix) from a stripetest process, so the fake's memory is not counted, and
// reports this process's peak RSS (VmHWM) and peak Go heap. Run it alone:
// go test ./runtime/syncer -run XXX -bench PeakRSS -benchtime 1x
func BenchmarkBackfillPeakRSS(b *testing.B) {
	base := startStripetestProcess(b, 200_000)
	for b.Loop() {
		db := synctest.NewDB(b)
		s, err := syncer.New(syncer.Config{DB: db.Pool, Client: synctest.NewClient(b, base), Logger: testLogger()})
		if err != nil {
			b.Fatal(err)
		}
		stop := sampleHeap()
		start := time.Now()
		if err := s.Backfill(b.Context()); err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		heap := stop()
		objects := s.Progress().Objects
		b.ReportMetric(float64(objects), "objects")
		b.ReportMetric(float64(objects)/el.Seconds(), "objects/s")
		b.ReportMetric(float64(vmHWM(b))/1024, "peak-RSS-MB")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	}
}

// startStripetestProcess builds and runs cmd/stripetest with n objects on a
// real clock and returns its base URL.
func startStripetestProcess(b *testing.B, n int) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "stripetest")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/stripesync/stripesync/cmd/stripetest").CombinedOutput(); err != nil {
		b.Fatalf("build stripetest: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "-addr", addr, "-objects", strconv.Itoa(n), "-realtime")
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/v1/customers"); err == nil {
			resp.Body.Close()
			return base
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Fatal("stripetest process did not answer")
	return ""
}

// sampleHeap samples the Go heap until the returned stop function is
// called, which returns the peak HeapInuse.
func sampleHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// vmHWM reads this process's peak resident set size in KiB.
func vmHWM(b *testing.B) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb
		}
	}
	return 0
}
