package jt808

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
)

// DefaultMaxVertices is the vertex limit assumed for a terminal when none
// is given: common terminals accept about 100 vertices per polygon.
const DefaultMaxVertices = 100

// Options are the terminal a set of messages is for.
type Options struct {
	Phone       string // terminal phone number (SIM), digits
	FirstSerial uint16 // serial number of the first message; the next ones count up
	MaxVertices int    // the terminal's vertex limit per polygon (0: DefaultMaxVertices)
}

// Report says what became of one zone part.
type Report struct {
	ZoneID       string
	Part, Parts  int // 1-based part of a MultiPolygon, and the zone's part count
	AreaID       uint32
	VerticesIn   int     // vertices of the outer ring (not counting the closing one)
	VerticesOut  int     // vertices sent
	ToleranceM   float64 // Douglas–Peucker tolerance used, metres (0: not simplified)
	HolesDropped int     // holes of the part, which a 0x8604 area cannot hold
	Valid        bool    // the simplified polygon is valid by zonegate's validator
}

// String is the report as one comment line.
func (r Report) String() string {
	s := fmt.Sprintf("zone %s part %d/%d: area id %d, %d → %d vertices, tolerance %.1f m", r.ZoneID, r.Part, r.Parts,
		r.AreaID, r.VerticesIn, r.VerticesOut, r.ToleranceM)
	if r.HolesDropped > 0 {
		s += fmt.Sprintf(", %d holes dropped", r.HolesDropped)
	}
	if !r.Valid {
		s += ", WARNING: the simplified polygon self-intersects"
	}
	return s
}

// AreaID is the area id of part (1-based) of zone id in layer: the
// 32-bit FNV-1a hash of "layer/id" for part 1 and "layer/id#part"
// otherwise, so exporting again addresses the same areas on the terminal.
func AreaID(layer, id string, part int) uint32 {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%s", layer, id)
	if part > 1 {
		fmt.Fprintf(h, "#%d", part)
	}
	return h.Sum32()
}

// Areas converts polygonal zones to 0x8604 areas: one area per polygon of
// a MultiPolygon (every part is enforced; its name gets " (k/n)"), the
// outer ring only (holes dropped and reported), simplified to the vertex
// limit (the smaller of o.MaxVertices and what fits one message), the
// validity as start and end time. A zone that is not polygonal, or two
// parts whose area ids collide, is an error.
func Areas(layer string, zones []*geo.Zone, maxVertices int) ([]Area, []Report, error) {
	if maxVertices <= 0 {
		maxVertices = DefaultMaxVertices
	}
	var areas []Area
	var reports []Report
	seen := map[uint32]string{}
	for _, z := range zones {
		mp, ok := geo.MultiPolygonOf(z.Geometry)
		if !ok {
			return nil, nil, fmt.Errorf("%w: zone %s is a %T; 0x8604 carries polygons only", ErrEncode, z.ID, z.Geometry)
		}
		for k, poly := range mp {
			name := z.Name
			if len(mp) > 1 {
				name = fmt.Sprintf("%s (%d/%d)", z.Name, k+1, len(mp))
			}
			a := Area{ID: AreaID(layer, z.ID, k+1), Name: name, Start: z.Validity.From, End: z.Validity.To}
			if prev, dup := seen[a.ID]; dup {
				return nil, nil, fmt.Errorf("%w: zones %s and %s hash to the same area id %d", ErrEncode, prev, z.ID, a.ID)
			}
			seen[a.ID] = z.ID
			limit := min(maxVertices, MaxVertices(len(NameBytes(name)), !a.Start.IsZero() || !a.End.IsZero()))
			var tol float64
			a.Vertices, tol = SimplifyRing(poly[0], limit)
			r := Report{ZoneID: z.ID, Part: k + 1, Parts: len(mp), AreaID: a.ID, VerticesIn: len(openRing(poly[0])),
				VerticesOut: len(a.Vertices), ToleranceM: tol, HolesDropped: len(poly) - 1}
			r.Valid = geo.ValidateGeometry(polygonOf(a.Vertices), geo.ClassPolygon) == nil
			areas = append(areas, a)
			reports = append(reports, r)
		}
	}
	return areas, reports, nil
}

func polygonOf(vs [][2]float64) orb.Polygon {
	r := make(orb.Ring, 0, len(vs)+1)
	for _, v := range vs {
		r = append(r, orb.Point{v[0], v[1]})
	}
	r = append(r, r[0])
	if r.Orientation() != orb.CCW {
		r.Reverse()
	}
	return orb.Polygon{r}
}

// WriteHex writes one 0x8604 message per area of zones as upper-case hex,
// one per line, each preceded by a "# " comment line with its Report.
func WriteHex(w io.Writer, layer string, zones []*geo.Zone, o Options) ([]Report, error) {
	areas, reports, err := Areas(layer, zones, o.MaxVertices)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(w)
	serial := o.FirstSerial
	for i, a := range areas {
		body, err := Body(a)
		if err != nil {
			return nil, err
		}
		msg, err := Frame(MsgSetPolygonArea, o.Phone, serial, body)
		if err != nil {
			return nil, err
		}
		serial++
		fmt.Fprintf(bw, "# %v\n%X\n", reports[i], msg)
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("jt808: %w", err)
	}
	return reports, nil
}
