package demo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// kmPerDegLat is the length of one degree of latitude, in km, used by the
// local flat-earth frames below (accurate to well under 1 % at 36° N).
const kmPerDegLat = 111.0

// coordScale fixes the grid every emitted coordinate is rounded to: 1e-7°,
// about 1 cm. Rounding hides last-bit differences in floating-point maths
// between architectures, so the output is identical on every machine.
const coordScale = 1e7

// roundCoord rounds v to the coordStep grid. Dividing the rounded integer by
// an exact power of ten yields the double nearest the decimal value, so a
// coordinate written with at most seven decimals is returned unchanged.
func roundCoord(v float64) float64 { return math.Round(v*coordScale) / coordScale }

// roundPoint rounds both coordinates of p with roundCoord.
func roundPoint(p orb.Point) orb.Point { return orb.Point{roundCoord(p[0]), roundCoord(p[1])} }

// frame is a local east/north kilometre frame centred on a point. It is an
// affine map, so containment built in kilometres holds in degrees too.
type frame struct {
	lon0, lat0 float64
	kmPerDegLo float64
}

// newFrame returns the frame centred on (lon, lat).
func newFrame(lon, lat float64) frame {
	return frame{lon0: lon, lat0: lat, kmPerDegLo: kmPerDegLat * math.Cos(lat*math.Pi/180)}
}

// at returns the rounded lon/lat point x km east and y km north of the centre.
func (f frame) at(x, y float64) orb.Point {
	return roundPoint(orb.Point{f.lon0 + x/f.kmPerDegLo, f.lat0 + y/kmPerDegLat})
}

// polar returns the rounded point r km from the centre at angle a (radians,
// counter-clockwise from east).
func (f frame) polar(r, a float64) orb.Point {
	return f.at(r*math.Cos(a), r*math.Sin(a))
}

// star is a star-shaped polygon around a frame's centre: strictly increasing
// angles spanning less than a full turn, each with a radius in km.
type star struct {
	angles []float64
	radii  []float64
}

// starJitter is the fraction of the angular step each vertex angle may move
// either way; the largest gap between consecutive angles is therefore
// (1 + 2*starJitter) steps.
const starJitter = 0.25

// newStar draws n angles (evenly spaced, jittered by ±starJitter of a step,
// randomly rotated) and radii uniform in [minFrac*rmax, rmax].
func newStar(rng *rand.Rand, n int, rmax, minFrac float64) star {
	step := 2 * math.Pi / float64(n)
	rot := rng.Float64() * step
	s := star{angles: make([]float64, n), radii: make([]float64, n)}
	for i := range n {
		s.angles[i] = rot + (float64(i)+(rng.Float64()*2-1)*starJitter)*step
		s.radii[i] = rmax * (minFrac + (1-minFrac)*rng.Float64())
	}
	return s
}

// grown returns the star with every radius increased by d km, keeping the
// angles. Because each wedge between two rays of the result contains the
// corresponding wedge triangle of s, the grown polygon contains s.
func (s star) grown(d float64) star {
	g := star{angles: s.angles, radii: make([]float64, len(s.radii))}
	for i, r := range s.radii {
		g.radii[i] = r + d
	}
	return g
}

// minR and maxR return the smallest and largest vertex radius.
func (s star) minR() float64 { return slices.Min(s.radii) }
func (s star) maxR() float64 { return slices.Max(s.radii) }

// inscribed returns the radius of a disc around the centre that the polygon
// surely contains: an edge between rays at most (1+2*starJitter) steps apart
// comes no closer than minR·cos(half that angle).
func (s star) inscribed() float64 {
	step := 2 * math.Pi / float64(len(s.angles))
	return s.minR() * math.Cos((1+2*starJitter)*step/2)
}

// ring returns the star as a closed counter-clockwise ring in f.
func (s star) ring(f frame) orb.Ring {
	r := make(orb.Ring, 0, len(s.angles)+1)
	for i, a := range s.angles {
		r = append(r, f.polar(s.radii[i], a))
	}
	return append(r, r[0])
}

// circleRing returns a closed clockwise ring of n vertices around the point
// (cx, cy) km in f, with radii in [0.8ρ, ρ]: a hole.
func circleRing(rng *rand.Rand, f frame, cx, cy, rho float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := -2 * math.Pi * float64(i) / float64(n)
		d := rho * (0.8 + 0.2*rng.Float64())
		r = append(r, f.at(cx+d*math.Cos(a), cy+d*math.Sin(a)))
	}
	return append(r, r[0])
}

// wiggle returns n-1 points strictly between a and b (exclusive) that follow
// the segment with a smooth sideways displacement: the sum of three sine
// harmonics of amplitude amp·L/k², tapered by 4t(1-t) so the line leaves and
// reaches the endpoints tangentially. xScale converts longitude to a length
// comparable with latitude, so "sideways" is perpendicular on the ground.
// The points are not rounded.
func wiggle(rng *rand.Rand, a, b orb.Point, n int, amp, xScale float64) []orb.Point {
	var coef [3]float64
	for k := range coef {
		coef[k] = amp * (rng.Float64()*2 - 1) / float64((k+1)*(k+1))
	}
	dx, dy := (b[0]-a[0])*xScale, b[1]-a[1]
	out := make([]orb.Point, 0, n-1)
	for i := 1; i < n; i++ {
		t := float64(i) / float64(n)
		off := 0.0
		for k, c := range coef {
			off += c * math.Sin(float64(k+1)*math.Pi*t)
		}
		off *= 4 * t * (1 - t)
		// (-dy, dx) is the left normal scaled by the segment length.
		x := a[0]*xScale + t*dx - off*dy
		y := a[1] + t*dy + off*dx
		out = append(out, orb.Point{x / xScale, y})
	}
	return out
}

// segmentsFor returns how many pieces a line of length km should be cut into
// so each is about stepKM long, clamped to [lo, hi].
func segmentsFor(km, stepKM float64, lo, hi int) int {
	n := int(math.Round(km / stepKM))
	return max(lo, min(hi, n))
}
