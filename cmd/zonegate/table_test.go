package main

import (
	"strings"
	"testing"
)

func TestTableAlignsWideCharacters(t *testing.T) {
	tests := []struct {
		name  string
		right bool
		in    string
		want  string
	}{
		{"left, Chinese names", false,
			"ID\tNAME\tN\n141002\t尧都区\t1\n141081\t侯马市\t22\nx\tab\t3\n",
			"ID      NAME    N\n141002  尧都区  1\n141081  侯马市  22\nx       ab      3\n"},
		{"right, numbers after names", true,
			"COUNTY\tNAME\tAREA\t\n141002\t尧都区\t578.30\t\nTOTAL\t\t1828.17\t\n",
			"  COUNTY    NAME     AREA\n  141002  尧都区   578.30\n   TOTAL          1828.17\n"},
		{"fullwidth and ASCII mixed", false,
			"a\tＡＢ\tz\nlonger\tc\tz\n",
			"a       ＡＢ  z\nlonger  c     z\n"},
		{"empty", false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sb strings.Builder
			tb := newTable(&sb, tc.right)
			if _, err := tb.Write([]byte(tc.in)); err != nil {
				t.Fatal(err)
			}
			if err := tb.Flush(); err != nil {
				t.Fatal(err)
			}
			if sb.String() != tc.want {
				t.Errorf("got\n%q\nwant\n%q", sb.String(), tc.want)
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "尧都区": 6, "km²": 3, "Ａ": 2, "≥ 10": 4, "禁煤区 zone": 11} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
