package sewer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
)

// TestCoverageContext: an analysis stops with the context's error, both
// when the context has already ended and when its deadline passes inside
// the grid loops; the cell limit is checked before either.
func TestCoverageContext(t *testing.T) {
	lines, counties := demoInput(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sewer.CoverageContext(ctx, lines, counties, sewer.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := sewer.CoverageContext(ctx, lines, counties, sewer.Options{ServiceM: 100, CellM: 10, MaxCells: 1 << 28}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past the deadline: %v", err)
	}
	_, err := sewer.CoverageContext(context.Background(), lines, counties, sewer.Options{ServiceM: 100, CellM: 10, MaxCells: 1000})
	var ce *sewer.CellsError
	if !errors.As(err, &ce) || !errors.Is(err, geo.ErrInvalid) ||
		err.Error() != "the analysis would need 27,720,230 cells of 10 m; the limit is 1,000" {
		t.Errorf("over the cell limit: %v", err)
	}
}
