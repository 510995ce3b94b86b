// Package cleanheating holds the gazette's county table of the 2020 winter
// clean-heating conversions, 《临汾市打赢蓝天保卫战2020年冬季清洁取暖改造任务分解表》,
// the attachment of 临政办发〔2020〕22号 (临汾市人民政府办公室, 2020-04-24): per
// county, the area (万㎡) and households to convert by central heating
// (集中供热), coal-to-electric (煤改电), coal-to-gas (煤改气) and other (其他).
//
// The transcription of the printed table (attachment.txt, embedded) keeps
// each row's numbers but not the columns of its blank cells. ParseAttachment
// reads the rows; Solve recovers each value's column: RowPlacements lists
// the order-preserving placements whose row sums hold, and Solve keeps the
// choices whose column sums equal the 合计 row, reporting every value that
// more than one solution places differently. For this gazette the solution
// is unique. Recover does both and attaches adcodes (Adcodes); Recovered
// returns the committed result (recovered.json), which a test re-derives
// from the transcription.
//
// Blank cells are nil (JSON null), not 0: the gazette leaves them blank;
// sums count them as 0.
package cleanheating
