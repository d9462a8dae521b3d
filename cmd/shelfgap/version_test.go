package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveVersion(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "devel"},
		{"go install @version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "v1.2.3"},
		{"go build, no vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "devel"},
		// go run and go build in a checkout (Go 1.24+) stamp a pseudo-version
		// from the commit, which is a real version.
		{"go run, vcs", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204021328-fefb03e9f544+dirty"}}, true,
			"v0.0.0-20261204021328-fefb03e9f544+dirty"},
		{"vcs clean", &debug.BuildInfo{
			Main:     debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "0123456789abcdef0123", "vcs.modified", "false"),
		}, true, "0123456789ab"},
		{"vcs dirty", &debug.BuildInfo{
			Main:     debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "0123456789abcdef0123", "vcs.modified", "true"),
		}, true, "0123456789ab-dirty"},
	}
	for _, tt := range tests {
		if got := resolveVersion(tt.info, tt.ok); got != tt.want {
			t.Errorf("%s: resolveVersion = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestVersionFromCheckout: built by go test from this git checkout, whose
// build information carries no VCS stamp, the version is still the
// checkout's commit, as under go run.
func TestVersionFromCheckout(t *testing.T) {
	dir := sourceDir()
	want, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout or no git (%v): nothing to read the version from", err)
	}
	got := version()
	if !strings.HasPrefix(got, strings.TrimSpace(string(want))[:12]) {
		t.Errorf("version() = %q, want the checkout's commit %.12s", got, want)
	}
	if g := gitVersion(t.TempDir()); g != "" {
		t.Errorf("gitVersion(a directory outside git) = %q, want empty", g)
	}
}
