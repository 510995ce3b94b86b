package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zonegate/zonegate/data"
)

// The check journal: a crash-safe, append-only file in front of the
// inspections table, so that an acknowledged check costs one small write
// and one fdatasync (shared by the writer's group commit) instead of a
// SQLite commit of five pages. Records are moved into the table in large
// batches in the background, and before any read of the table.
//
// Files beside the store: <db>-checks.lock (flock: one Store owns the
// journal), <db>-checks-a and <db>-checks-b. Appends go to the active file;
// a move switches the active file under the append lock, inserts the other
// one's records (INSERT OR IGNORE by id, one transaction), then empties it
// by rewriting its header with a new epoch (journalframe.go) and
// fdatasyncs. The files are reused and grow in journalGrow steps of
// zeros, so an append overwrites blocks the file has and its fdatasync
// flushes data only; they exist from Open on (created and the directory
// fsynced there), so no rotation needs a directory fsync.
//
// IDs come from a block reserved in sqlite_sequence (idBlock at a time), so
// a Store of another process, which cannot own the journal and logs straight
// to the table with AUTOINCREMENT, never takes an id the journal holds.
// Close hands the unused rest of the block back when nobody took ids after it.

const (
	// journalMoveAt is how many pending records start a move.
	journalMoveAt = 512
	// journalMoveAge is how long the oldest pending record waits at most.
	journalMoveAge = time.Second
	// idBlock is how many inspection ids the journal reserves at a time.
	idBlock = 8192
	// moveRows is the most rows one INSERT of a move writes (13 values a
	// row, far below SQLite's 32,766 parameters).
	moveRows = 256
	// moveTxRows is the most rows one transaction of a move commits.
	moveTxRows = 4096
	// moveTimeout bounds one background move.
	moveTimeout = time.Minute
	// journalGrow is the step, in bytes, in which a journal file grows.
	journalGrow = 1 << 20
	// journalBacklog bounds the records appended and not yet moved
	// (about 100 MB of memory and of journal files at the API's ~1.5 KB
	// a record): while the table refuses moves, appends are refused past
	// it, so checks answer 503 instead of memory and disk growing without
	// end. Moves normally keep it under journalMoveAt; at a city's check
	// rates it allows hours of a failing table, at a benchmark's 15,000
	// checks a second a few seconds.
	journalBacklog = 1 << 16
)

// errJournalFull is the error of an append refused because journalBacklog
// records wait to be moved into the table.
var errJournalFull = errors.New("check journal full: the inspections table has not taken the records waiting to be moved")

// checkJournal is the journal's state; see the comment above.
type checkJournal struct {
	lock  *os.File
	files [2]*os.File
	path  string // the store file

	moveAt  int
	moveAge time.Duration
	backlog int // most records pending (journalBacklog)
	txRows  int // most rows a move commits at a time (moveTxRows)

	mu      sync.Mutex // the append lock: everything below
	active  int
	epoch   [2]uint64    // each file's epoch (its header)
	off     [2]int64     // where each file's next frame goes
	alloc   [2]int64     // each file's size: zeros after off
	pend    [2][][]any   // rows (id first) in each file, not yet moved
	oldest  [2]time.Time // when each file's first pending row was appended
	nextID  int64        // next id to give
	lastID  int64        // last id of the reserved block
	buf     []byte
	err     error // a failed append: the journal takes no more
	appends int   // frames appended (fdatasyncs), for tests and benchmarks

	moveMu  sync.Mutex // one move at a time
	moveTxs int        // transactions of moves and replays, for tests (under moveMu)
	kick    chan struct{}
	quit    chan struct{}
	done    chan struct{}

	closeOnce sync.Once
	closeErr  error

	// For CheckJournalStats, read without the locks: records appended,
	// records moved, and the background mover's CPU time (ns) with the
	// records of the moves it measured.
	appended, moved, moverCPU, moverRecs atomic.Int64
}

// openJournal takes the journal of the store file path, replays what it
// holds into the table and starts the mover. It returns nil (and no error)
// when another Store holds the journal: this one then logs inspections
// straight to the table.
func (s *Store) openJournal(ctx context.Context, path string, o Options) (*checkJournal, error) {
	lock, err := os.OpenFile(path+"-checks.lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("check journal: %w", err)
	}
	ok, err := lockJournal(lock)
	if err != nil || !ok {
		lock.Close()
		if err != nil {
			return nil, fmt.Errorf("check journal: lock: %w", err)
		}
		s.log.Info("another process owns the check journal; inspections are written straight to the store", "store", path)
		return nil, nil
	}
	j := &checkJournal{lock: lock, path: path,
		moveAt: cmp.Or(o.journalMoveAt, journalMoveAt), moveAge: cmp.Or(o.journalMoveAge, journalMoveAge),
		backlog: cmp.Or(o.journalBacklog, journalBacklog), txRows: cmp.Or(o.journalMoveTx, moveTxRows),
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	if err := j.openFiles(); err != nil {
		j.closeFiles()
		return nil, fmt.Errorf("check journal: %w", err)
	}
	if err := s.replayJournal(ctx, j); err != nil {
		j.closeFiles()
		return nil, fmt.Errorf("check journal: replay: %w", err)
	}
	go s.runMover(j)
	return j, nil
}

// openFiles opens both journal files, creating them (and syncing the
// directory) when missing.
func (j *checkJournal) openFiles() error {
	created := false
	for i, name := range j.names() {
		if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
			created = true
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		j.files[i] = f
	}
	if created {
		return syncFile(filepath.Dir(j.path))
	}
	return nil
}

// names returns the paths of the two journal files.
func (j *checkJournal) names() [2]string { return journalNames(j.path) }

// journalNames returns the paths of the check journal files of the store
// file path.
func journalNames(path string) [2]string {
	return [2]string{path + "-checks-a", path + "-checks-b"}
}

// closeFiles closes the files and releases the lock.
func (j *checkJournal) closeFiles() error {
	var errs []error
	for _, f := range j.files {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	errs = append(errs, j.lock.Close())
	return errors.Join(errs...)
}

// replayJournal inserts the records both files hold (up to the first torn
// or corrupt frame, which was never acknowledged), empties the files and
// reserves the first block of ids.
func (s *Store) replayJournal(ctx context.Context, j *checkJournal) error {
	var rows [][]any
	for i, f := range j.files {
		b, err := os.ReadFile(f.Name())
		if err != nil {
			return err
		}
		got, good, epoch := decodeJournal(b)
		j.epoch[i], j.alloc[i] = epoch, int64(len(b))
		// Behind the good frames are zeros, frames of earlier epochs
		// (moved already) or a torn frame (never acknowledged).
		if len(got) > 0 {
			s.log.Info("check journal: records to replay", "file", j.names()[i], "records", len(got), "bytes", good)
		}
		rows = append(rows, got...)
	}
	if len(rows) > 0 {
		if err := s.insertJournaled(ctx, j, rows); err != nil {
			return err
		}
		s.log.Info("check journal: replayed records into the store", "records", len(rows))
	}
	for i := range j.files {
		if err := j.reset(i); err != nil {
			return err
		}
	}
	return s.reserveIDs(ctx, j, 1)
}

// reset empties file i durably: its header gets a new epoch, so the
// frames behind it no longer count. Only the mover and Open call it, for a
// file appends do not use.
func (j *checkJournal) reset(i int) error {
	epoch := max(j.epoch[i]+1, uint64(time.Now().UnixNano()))
	if _, err := j.files[i].WriteAt(appendHeader(nil, epoch), 0); err != nil {
		return err
	}
	if err := datasync(j.files[i]); err != nil {
		return err
	}
	j.epoch[i], j.off[i] = epoch, fileHeader
	j.alloc[i] = max(j.alloc[i], fileHeader)
	return nil
}

// reserveIDs reserves the next block of at least n ids in sqlite_sequence
// (past every id used or reserved, by any process) and makes it j's. The
// caller holds j.mu or owns j alone.
func (s *Store) reserveIDs(ctx context.Context, j *checkJournal, n int) error {
	block := max(int64(n), idBlock)
	var last int64
	err := s.writeTx(ctx, func(tx *sql.Tx, _ time.Time) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) SELECT 'inspections', 0
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspections')`); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `UPDATE sqlite_sequence
		SET seq = max(seq, (SELECT COALESCE(max(id), 0) FROM inspections)) + ?
		WHERE name = 'inspections' RETURNING seq`, block).Scan(&last)
	})
	if err != nil {
		return fmt.Errorf("reserve ids: %w", err)
	}
	j.nextID, j.lastID = last-block+1, last
	return nil
}

// releaseIDs hands the unused rest of j's block back to sqlite_sequence,
// unless ids after it were taken meanwhile. Every record must be moved.
func (s *Store) releaseIDs(ctx context.Context, j *checkJournal) error {
	s.wsem <- struct{}{}
	defer func() { <-s.wsem }()
	_, err := s.w.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = ? WHERE name = 'inspections' AND seq = ?`,
		j.nextID-1, j.lastID)
	return err
}

// journalInspections appends the records (args as inspectionArgs gave
// them) to the journal in one frame, fdatasyncs it and sets their IDs.
func (s *Store) journalInspections(ctx context.Context, j *checkJournal, recs []*data.Inspection, args [][]any) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return j.err
	}
	// A call larger than the bound is taken when nothing waits, so no
	// call is refused for ever.
	if pending := len(j.pend[0]) + len(j.pend[1]); pending > 0 && pending+len(recs) > j.backlog {
		return fmt.Errorf("%w: %d records wait (at most %d); checks are refused until moves succeed again", errJournalFull, pending, j.backlog)
	}
	if j.nextID+int64(len(recs))-1 > j.lastID {
		if err := s.reserveIDs(ctx, j, len(recs)); err != nil {
			return err
		}
	}
	rows := make([][]any, len(args))
	for i, a := range args {
		row := make([]any, 0, 1+len(a))
		rows[i] = append(append(row, j.nextID+int64(i)), a...)
	}
	// The ids are spent even if the append fails: the frame may be on
	// disk all the same, and replayed.
	first := j.nextID
	j.nextID += int64(len(recs))
	var err error
	if j.buf, err = appendFrame(j.buf[:0], rows, j.epoch[j.active]); err != nil {
		return err
	}
	f, off := j.files[j.active], j.off[j.active]
	if end := off + int64(len(j.buf)); end > j.alloc[j.active] {
		// Grow by zeros in large steps: this fdatasync commits the new
		// size and blocks, the next ones flush data only.
		grow := (end - j.alloc[j.active] + journalGrow - 1) / journalGrow * journalGrow
		if _, err = f.WriteAt(make([]byte, grow), j.alloc[j.active]); err == nil {
			j.alloc[j.active] += grow
		}
	}
	if err == nil {
		_, err = f.WriteAt(j.buf, off)
	}
	if err == nil {
		err = datasync(f)
	}
	if err != nil {
		// What reached the disk is unknown (a failed fsync may have
		// dropped the pages): take no more appends after it.
		j.err = fmt.Errorf("check journal: append failed earlier: %w", err)
		return fmt.Errorf("check journal: append: %w", err)
	}
	j.appends++
	j.appended.Add(int64(len(rows)))
	j.off[j.active] += int64(len(j.buf))
	if len(j.pend[j.active]) == 0 {
		j.oldest[j.active] = time.Now()
	}
	j.pend[j.active] = append(j.pend[j.active], rows...)
	if len(j.pend[j.active]) == len(rows) || len(j.pend[0])+len(j.pend[1]) >= j.moveAt {
		select {
		case j.kick <- struct{}{}:
		default:
		}
	}
	if len(j.buf) > 1<<20 {
		j.buf = nil // do not keep a large burst's buffer
	}
	for i, r := range recs {
		r.ID = first + int64(i)
	}
	return nil
}

// CheckJournalStats implements data.CheckJournaler: ok is false when this
// Store does not own the journal (it logs straight to the table).
func (s *Store) CheckJournalStats() (data.CheckJournalStats, bool) {
	j := s.journal
	if j == nil {
		return data.CheckJournalStats{}, false
	}
	j.mu.Lock()
	pending := len(j.pend[0]) + len(j.pend[1])
	j.mu.Unlock()
	return data.CheckJournalStats{Appended: j.appended.Load(), Pending: pending, Moved: j.moved.Load(),
		MoverCPU: time.Duration(j.moverCPU.Load()), MoverRecords: j.moverRecs.Load()}, true
}

// closeJournal stops the mover, moves what is pending, hands back unused
// ids and closes the files. Records it cannot move stay in the journal
// and are replayed by the next Open.
func (s *Store) closeJournal(j *checkJournal) error {
	j.closeOnce.Do(func() { j.closeErr = s.closeJournalOnce(j) })
	return j.closeErr
}

func (s *Store) closeJournalOnce(j *checkJournal) error {
	close(j.quit)
	<-j.done
	ctx, cancel := context.WithTimeout(context.Background(), moveTimeout)
	defer cancel()
	err := s.drainJournal(ctx)
	if err == nil {
		j.mu.Lock()
		if j.err == nil {
			err = s.releaseIDs(ctx, j)
		}
		j.mu.Unlock()
	}
	return errors.Join(err, j.closeFiles())
}
