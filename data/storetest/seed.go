package storetest

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// defaultSeed seeds the suite's random fixtures unless env SEED is set.
const defaultSeed = 20200801

// newRand returns a generator seeded from env SEED (else defaultSeed) and
// logs the seed, so a failure can be replayed.
func newRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(defaultSeed)
	if s := os.Getenv("SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (override with SEED=)", seed)
	return rand.New(rand.NewPCG(seed, 0x7a67))
}
