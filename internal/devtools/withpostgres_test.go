package devtools

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const script = "../../scripts/with-postgres.sh"

// deadURL returns a DATABASE_URL on a loopback port where nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return "postgres://postgres@127.0.0.1:" + strconv.Itoa(port) + "/postgres?sslmode=disable"
}

// run runs the script with env added to the current environment.
func run(t *testing.T, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// With nothing at DATABASE_URL the script starts a throwaway cluster, hands
// the command a working DATABASE_URL, reuses that server when nested, and
// removes the cluster afterwards. Needs PostgreSQL binaries: no skip.
func TestThrowawayCluster(t *testing.T) {
	// The nested call must find the outer cluster, not start another.
	const wrapped = `set -e
psql -w -X -tA -c 'select 42' "$DATABASE_URL"
psql -w -X -tA -c 'show data_directory' "$DATABASE_URL"
echo "$DATABASE_URL"
bash "$0" sh -c 'echo "$DATABASE_URL"'
`
	stdout, stderr, err := run(t, []string{"DATABASE_URL=" + deadURL(t)}, "sh", "-c", wrapped, script)
	if err != nil {
		t.Fatalf("with-postgres.sh: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines from the wrapped command, got:\n%s\nstderr:\n%s", stdout, stderr)
	}
	answer, dataDir, outer, inner := lines[0], lines[1], lines[2], lines[3]
	if answer != "42" {
		t.Errorf("select 42 returned %q", answer)
	}
	if inner != outer {
		t.Errorf("nested call did not reuse the running server: outer %s, inner %s", outer, inner)
	}
	if strings.Count(stderr, "starting a throwaway cluster") != 1 {
		t.Errorf("want exactly one cluster started, stderr:\n%s", stderr)
	}

	// The cluster is gone: no directory, no process, nothing on the port.
	tmp := filepath.Dir(dataDir)
	if !strings.Contains(filepath.Base(tmp), "stripesync-pg") {
		t.Fatalf("unexpected data directory %q", dataDir)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s still exists (stat: %v)", tmp, err)
	}
	if procs := processesMentioning(dataDir); len(procs) > 0 {
		t.Errorf("processes still running on %s: %v", dataDir, procs)
	}
	u, err := url.Parse(outer)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("something still listens on %s", u.Host)
	}
}

// processesMentioning lists the command lines under /proc that contain s.
func processesMentioning(s string) []string {
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err == nil && bytes.Contains(b, []byte(s)) {
			found = append(found, strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return found
}

// Without a server or binaries the script says what to do in one line and
// fails without running the command.
func TestNoBinaries(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	// A PATH with the basic tools the script needs and no PostgreSQL.
	for _, tool := range []string{"bash", "sh", "env", "sort", "dirname", "id", "mktemp", "cat", "head", "tail", "rm", "chown"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			continue
		}
		if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	marker := filepath.Join(dir, "ran")
	stdout, stderr, err := run(t, []string{
		"PATH=" + bin,
		"PG_BIN_GLOB=" + filepath.Join(dir, "none", "*", "bin"),
		"DATABASE_URL=" + deadURL(t),
	}, "sh", "-c", `echo > "$0"`, marker)
	if err == nil {
		t.Fatalf("want a non-zero exit, got success; stdout %q stderr %q", stdout, stderr)
	}
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("script did not run: %v", err)
	}
	out := stdout + stderr
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("want exactly one line of output, got %q", out)
	}
	if !strings.Contains(out, "apt-get install postgresql") || !strings.Contains(out, "DATABASE_URL") {
		t.Errorf("message does not say how to get PostgreSQL: %q", out)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the wrapped command ran")
	}
}
