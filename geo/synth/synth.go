// Package synth makes deterministic synthetic zone sets for benchmarks and
// load tests: the same parameters always give the same polygons, bit for
// bit, so figures taken in different packages and runs are comparable.
package synth

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Stars describes a set of concave star polygons (one ring each, closed).
// Star i is centred at a uniformly drawn point of the rectangle from
// Origin of size Size (degrees of longitude and latitude), has between
// MinVertices and MaxVertices vertices (drawn uniformly when they differ)
// at equal angular steps, and vertex radii drawn uniformly in [RMin, RMax]
// (Jagged) or alternating RMax, RMin, RMax, … (a regular star).
type Stars struct {
	N                        int
	Origin                   orb.Point
	Size                     [2]float64
	MinVertices, MaxVertices int
	RMin, RMax               float64
	Jagged                   bool
	// ClockwiseEven reverses the rings of even-numbered stars, so both
	// windings occur.
	ClockwiseEven bool
	Seed          [2]uint64 // PCG seed
}

// Heavy is geo/index's heavy benchmark set: 2,000 jagged stars of 200–2,000
// vertices (1,106 on average) with radii 0.0194°–0.0398° over 1°×1° near
// Linfen. A uniform point of the square has 11.8 bounding-box candidates
// and 5.3 containing zones, close to issue 16's heavy set (about 1,100
// vertices, 12.7 candidates, 5.5 hits).
var Heavy = Stars{
	N:           2000,
	Origin:      orb.Point{111, 35.5},
	Size:        [2]float64{1, 1},
	MinVertices: 200, MaxVertices: 2000,
	RMin: 0.0194, RMax: 0.0398,
	Jagged: true, ClockwiseEven: true,
	Seed: [2]uint64{1, 2},
}

// RegularHeavy is the heavy set of api's bulk benchmarks (the peer
// harness's --heavy uses Heavy): 2,000 regular stars of 1,100
// vertices alternating radii 0.09° and 0.05° over 2.1°×1.5° of the Linfen
// area. A uniform point of the stars' bound has about 17.1 bounding-box
// candidates and 7.5 containing zones.
var RegularHeavy = Stars{
	N:           2000,
	Origin:      orb.Point{110.4, 35.4},
	Size:        [2]float64{2.1, 1.5},
	MinVertices: 1100, MaxVertices: 1100,
	RMin: 0.05, RMax: 0.09,
	Seed: [2]uint64{16, 1},
}

// Polygons returns the stars, star i at index i.
func (s Stars) Polygons() []orb.Polygon {
	rng := rand.New(rand.NewPCG(s.Seed[0], s.Seed[1]))
	out := make([]orb.Polygon, s.N)
	for i := range out {
		c := orb.Point{s.Origin[0] + s.Size[0]*rng.Float64(), s.Origin[1] + s.Size[1]*rng.Float64()}
		n := s.MinVertices
		if s.MaxVertices > s.MinVertices {
			n += rng.IntN(s.MaxVertices - s.MinVertices + 1)
		}
		var ring orb.Ring
		if s.Jagged {
			ring = JaggedRing(rng, c, s.RMin, s.RMax, n)
		} else {
			ring = regularRing(c, s.RMin, s.RMax, n)
		}
		if s.ClockwiseEven && i%2 == 0 {
			for a, b := 0, len(ring)-1; a < b; a, b = a+1, b-1 {
				ring[a], ring[b] = ring[b], ring[a]
			}
		}
		out[i] = orb.Polygon{ring}
	}
	return out
}

// JaggedRing returns a closed counter-clockwise ring of n vertices around c
// at equal angular steps, each at a radius drawn uniformly from
// [rmin, rmax] (degrees) with rng: a star-shaped, usually concave polygon.
func JaggedRing(rng *rand.Rand, c orb.Point, rmin, rmax float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		r := rmin + rng.Float64()*(rmax-rmin)
		ring = append(ring, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// regularRing returns a closed counter-clockwise regular star of n
// vertices around c, radii alternating rmax, rmin, rmax, ….
func regularRing(c orb.Point, rmin, rmax float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		r := rmax
		if k%2 == 1 {
			r = rmin
		}
		ring = append(ring, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// Points returns n points drawn uniformly over the stars' centre
// rectangle (Origin, Size) from the PCG seed (seed1, seed2).
func (s Stars) Points(n int, seed1, seed2 uint64) []orb.Point {
	return uniform(s.Origin, s.Size, n, seed1, seed2)
}

// PointsIn returns n points drawn uniformly over b from the PCG seed
// (seed1, seed2), longitude then latitude for each point.
func PointsIn(b orb.Bound, n int, seed1, seed2 uint64) []orb.Point {
	return uniform(b.Min, [2]float64{b.Max[0] - b.Min[0], b.Max[1] - b.Min[1]}, n, seed1, seed2)
}

// uniform draws n points over the rectangle from lo of the given size.
func uniform(lo orb.Point, size [2]float64, n int, seed1, seed2 uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	ps := make([]orb.Point, n)
	for i := range ps {
		ps[i] = orb.Point{lo[0] + size[0]*rng.Float64(), lo[1] + size[1]*rng.Float64()}
	}
	return ps
}
