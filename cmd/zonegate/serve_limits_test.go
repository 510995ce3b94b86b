package main

import "testing"

// TestServeLimitFlags: bad limit flags are refused before anything is
// opened, naming the flag and the problem.
func TestServeLimitFlags(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--rate", "root=5"}, `--rate: rate "root=5": want ROLE=PER_SECOND[:BURST] with ROLE one of anonymous, viewer, inspector, editor, admin`},
		{[]string{"--rate", "viewer=fast"}, `--rate: rate "viewer=fast": "fast" is not a positive number of requests per second (or off)`},
		{[]string{"--max-streams", "100", "--max-conns", "100"}, "--max-conns 100 must be 0 (no limit) or more than --max-streams 100, so health checks find a connection when every stream is open"},
		{[]string{"--max-streams-per-token", "0"}, "--max-streams 1000 and --max-streams-per-token 0 must be at least 1"},
		{[]string{"--analysis-concurrency", "0"}, "--analysis-concurrency 0 and --analysis-max-cells 16777216 must be at least 1"},
	}
	for _, tc := range cases {
		_, _, err := runCmd(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("serve %v: %v\nwant %s", tc.args, err, tc.want)
		}
	}
}
