-- zonegate store schema 5: the store as a GeoPackage reader sees it.
--
-- Each zone layer gets a view of its published, currently valid zones,
-- registered in gpkg_contents and gpkg_geometry_columns with the geometry
-- type its kind implies (created by the store in Go, for existing layers
-- right after this step and for new ones by PutLayer). The views select
-- zone_versions.fid AS OGC_FID and zone_versions.geometry unchanged, so
-- GDAL (and QGIS through it) answers their spatial filters from the R-tree
-- below, which indexes every zone version's bounding box.

CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);

-- The GeoPackage R-tree spatial index extension on zone_versions.geometry.
-- The triggers read the bounding-box columns the store writes with every
-- version, so they need none of the ST_ functions a GeoPackage library
-- would register.
CREATE VIRTUAL TABLE rtree_zone_versions_geometry USING rtree(id, minx, maxx, miny, maxy);
INSERT INTO rtree_zone_versions_geometry (id, minx, maxx, miny, maxy)
  SELECT fid, minx, maxx, miny, maxy FROM zone_versions;
CREATE TRIGGER rtree_zone_versions_geometry_insert AFTER INSERT ON zone_versions
BEGIN
  INSERT OR REPLACE INTO rtree_zone_versions_geometry (id, minx, maxx, miny, maxy)
    VALUES (NEW.fid, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER rtree_zone_versions_geometry_update AFTER UPDATE OF fid, geometry, minx, miny, maxx, maxy ON zone_versions
BEGIN
  DELETE FROM rtree_zone_versions_geometry WHERE id = OLD.fid;
  INSERT INTO rtree_zone_versions_geometry (id, minx, maxx, miny, maxy)
    VALUES (NEW.fid, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER rtree_zone_versions_geometry_delete AFTER DELETE ON zone_versions
BEGIN
  DELETE FROM rtree_zone_versions_geometry WHERE id = OLD.fid;
END;
INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
  VALUES ('zone_versions', 'geometry', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');

-- GDAL lists every table of a GeoPackage (tokens, audit_log, ...) unless
-- one is registered as 'attributes'; then it lists only what gpkg_contents
-- names. The layer list is harmless and useful to a reader.
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('layers', 'attributes', 'layers', 'zonegate: the zone layers (id, kind, title)');

-- The name of each layer's view (its GeoPackage table_name): the layer id,
-- or layer_<id> when the id is taken by another table or view.
ALTER TABLE layers ADD COLUMN gpkg_view TEXT;
