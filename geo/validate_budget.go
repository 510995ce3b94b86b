package geo

import "fmt"

// ProblemTooComplex: validating the geometry would take more work than its
// size justifies (edges whose bounding boxes overlap by the million, or
// thousands of rings inside one another's boxes). Valid boundaries,
// however detailed, stay far below the budget; see workBudget.
const ProblemTooComplex = "too_complex"

// Work budget of one validation, for n edges: steps (candidate edge pairs
// visited, vertices scanned by point-in-ring tests, part pairs compared)
// up to baseSteps + stepsPerEdge·n, and contact points kept up to
// baseContacts + contactsPerEdge·n. A boundary-like ring visits about 3
// candidates per edge; a random star ("spiky", the R-tree's worst valid
// case in the tests) about 60 at 5,000 vertices.
const (
	baseSteps       = 1 << 24
	stepsPerEdge    = 256
	baseContacts    = 1 << 16
	contactsPerEdge = 16
)

// workBudget counts the work of one validation against its budget, so that
// no input costs more time or memory than a fixed multiple of its size.
type workBudget struct {
	steps, maxSteps       int
	contacts, maxContacts int
	edges                 int
}

// newWorkBudget returns the budget for a geometry of n edges.
func newWorkBudget(n int) *workBudget {
	return &workBudget{maxSteps: baseSteps + stepsPerEdge*n, maxContacts: baseContacts + contactsPerEdge*n, edges: n}
}

// step charges n steps and reports whether the budget still holds.
func (w *workBudget) step(n int) bool {
	w.steps += n
	return w.steps <= w.maxSteps
}

// keep charges n kept contact points and reports whether the budget still
// holds.
func (w *workBudget) keep(n int) bool {
	w.contacts += n
	return w.contacts <= w.maxContacts
}

// over reports whether the budget is spent.
func (w *workBudget) over() bool { return w.steps > w.maxSteps || w.contacts > w.maxContacts }

// tooComplex is the error for a spent budget, naming the limit hit.
func (w *workBudget) tooComplex() *GeometryError {
	detail := fmt.Sprintf("validating these %d edges needs more than %d edge-pair and point tests, the limit for this size; "+
		"the edges' bounding boxes overlap too much: split the geometry or simplify it", w.edges, w.maxSteps)
	if w.contacts > w.maxContacts {
		detail = fmt.Sprintf("these %d edges touch one another at more than %d points, the limit for this size: split the geometry or simplify it",
			w.edges, w.maxContacts)
	}
	return &GeometryError{Problem: ProblemTooComplex, Polygon: -1, Ring: -1, Vertex: -1, Detail: detail}
}
