package demo

import "github.com/paulmach/orb"

// Outline returns the synthetic city boundary that the counties layer
// tessellates: a hand-drawn, counter-clockwise, closed ring of 31 vertices
// roughly following the shape of Linfen (lon 110.40–112.57, lat 35.42–36.93).
// It is not the real boundary. Each call returns a fresh copy.
func Outline() orb.Polygon {
	return orb.Polygon{outlineRing()}
}

// outlineRing is the unrounded hand-drawn ring; its coordinates have two
// decimals, so rounding to 1e-7 leaves them unchanged.
func outlineRing() orb.Ring {
	return orb.Ring{
		{110.40, 36.88}, {110.42, 36.74}, {110.50, 36.58}, {110.46, 36.30},
		{110.47, 36.10}, {110.56, 35.80}, {110.70, 35.73}, {110.90, 35.70},
		{111.05, 35.76}, {111.22, 35.68}, {111.28, 35.52}, {111.45, 35.51},
		{111.60, 35.58}, {111.78, 35.52}, {111.90, 35.42}, {111.98, 35.55},
		{112.03, 35.72}, {112.15, 35.84}, {112.40, 35.90}, {112.54, 35.98},
		{112.57, 36.15}, {112.52, 36.30}, {112.25, 36.42}, {112.08, 36.58},
		{111.95, 36.70}, {111.75, 36.73}, {111.55, 36.80}, {111.30, 36.76},
		{111.12, 36.90}, {110.85, 36.88}, {110.65, 36.93}, {110.40, 36.88},
	}
}
