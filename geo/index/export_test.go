package index

// NewWithPairEdges returns an index whose point grids store boundary edges
// in their buckets however small it is, so that tests on small sets
// exercise that path too (New does so only from inlineIndexBytes).
func NewWithPairEdges() *Index {
	ix := New()
	ix.pairEdgesFrom = 0
	ix.cur.Load().pairEdgesFrom = 0
	return ix
}
