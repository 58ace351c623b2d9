package sim

import "math/rand/v2"

// Stream identifies a module's random stream within a run.
type Stream uint64

// Streams, one per stochastic module. Their values are part of the output's
// identity: changing one changes every result drawn from it.
const (
	StreamOrgs Stream = iota + 1
	StreamViolence
	StreamBorder
	StreamParams
)

// mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014): it spreads
// nearby integers over the whole 64-bit range, so seeds 1, 2, 3 give
// unrelated streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// NewRand returns the generator for (master seed, run, stream). Each run of
// an ensemble and each module in it get their own stream, so results do not
// depend on how runs are spread over workers, and run i of two scenarios
// shares its draws (common random numbers).
func NewRand(seed, run uint64, s Stream) *rand.Rand {
	return rand.New(newPCG(seed, run, s))
}

// newPCG is NewRand's source; the engine keeps it to copy a stream's state
// when it branches a run (RunAll).
func newPCG(seed, run uint64, s Stream) *rand.PCG {
	a := mix(seed ^ mix(run) ^ mix(uint64(s)<<32|0xA5))
	return rand.NewPCG(a, mix(a^run))
}
