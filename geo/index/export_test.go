package index

// NewWithPairEdges returns an index whose point grids store boundary edges
// in their buckets however small it is, as quantised geometry (pairQuant),
// so that tests on small sets exercise that path too (New does so only
// from inlineIndexBytes).
func NewWithPairEdges() *Index {
	ix := New()
	ix.pairEdgesFrom = 0
	ix.cur.Load().pairEdgesFrom = 0
	return ix
}

// NewWithIndexedEdges is NewWithPairEdges with the edges stored as indices
// into the polygons' vertices (pairEdges), never quantised.
func NewWithIndexedEdges() *Index {
	ix := NewWithPairEdges()
	ix.indexedEdges = true
	ix.cur.Load().indexedEdges = true
	return ix
}
