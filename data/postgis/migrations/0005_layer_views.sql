-- zonegate store schema 5: one view per zone layer.
--
-- The store creates a view layer_<id> of each layer's published, currently
-- valid zones in its own schema (in Go: right after this step for the
-- layers already stored, then by PutLayer), with the geometry typed by the
-- layer kind: ST_Multi(geom)::geometry(MultiPolygon, 4326) and the like.
-- These partial expression indexes are what a spatial filter on such a
-- view (geom && box, as GDAL and QGIS send) uses; the view repeats each
-- index's WHERE clause so the planner can prove it applies. Views of kinds
-- that take any geometry pass geom through and use zone_versions_geom.
CREATE INDEX zone_versions_published_multipolygon ON zone_versions
  USING gist ((ST_Multi(geom)::geometry(MultiPolygon, 4326)))
  WHERE status = 'published' AND GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON');
CREATE INDEX zone_versions_published_multilinestring ON zone_versions
  USING gist ((ST_Multi(geom)::geometry(MultiLineString, 4326)))
  WHERE status = 'published' AND GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING');
CREATE INDEX zone_versions_published_multipoint ON zone_versions
  USING gist ((ST_Multi(geom)::geometry(MultiPoint, 4326)))
  WHERE status = 'published' AND GeometryType(geom) IN ('POINT', 'MULTIPOINT');
