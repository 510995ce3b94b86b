// Package route answers "is this truck on a designated coal route?" (rule 4
// of DESIGN.md): a Network of corridors built from coal_route zones, exact
// point and route tests against it, and the published checkpoints. Cache
// keeps the network and checkpoints in force (InForce) per index snapshot;
// ScopeOffRoute restricts a result to the counties the route rule covers,
// and the admin lookups (AdminZonesAt, Counties, CheckpointCounty) find
// those counties.
//
// # Corridors
//
// Each LineString of a coal_route zone is a route line; its corridor is
// every point whose geodesic distance to the line is at most the corridor
// half-width (property corridor_m, else the network default). The boundary
// belongs to the corridor.
//
// # Accuracy
//
// Distances are computed in local transverse Mercator planes (geo/crs, on
// the CGCS2000 ellipsoid) whose central meridian is the segment's
// longitude snapped to 0.1°, with the projection's point scale divided
// out. Within 100 m of a corridor the error against the ellipsoidal
// geodesic distance is below a millimetre. A segment between two vertices
// is the straight line in that plane, which stays within 1 cm of the
// geodesic for segments up to about 20 km (the deviation grows with the
// cube of the length); routes with longer segments should be densified.
// Off-route pieces shorter than MinOffM are ignored as rounding noise.
package route
