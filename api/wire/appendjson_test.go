package wire

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// FuzzAppendJSON: AppendString, AppendHTMLString and AppendFloat write
// what encoding/json writes (Encoder without and json.Marshal with HTML
// escaping).
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "尧都区", "<a href=\"x\">&amp;</a>", "\x00\x1f\t\n\r\b\f", "\u2028\u2029", "\xff\xfe", "🚚\\"} {
		f.Add(s, 111.5186)
	}
	f.Add("", 1e-7)
	f.Add("", -1e21)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		if got, want := AppendString(nil, s), bytes.TrimSuffix(buf.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
		want, _ := json.Marshal(s)
		if got := AppendHTMLString([]byte("prefix"), s); !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("AppendHTMLString(%q) = %s, want prefix%s", s, got, want)
		}
		got, ok := AppendFloat(nil, x)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if ok {
				t.Fatalf("AppendFloat(%v) accepted", x)
			}
			return
		}
		if want, _ := json.Marshal(x); !ok || !bytes.Equal(got, want) {
			t.Fatalf("AppendFloat(%v) = %s, want %s", x, got, want)
		}
	})
}

// TestAppendStringQuotesAllocateNothing: quotes and backslashes, as in the
// check's English messages, are escaped in place.
func TestAppendStringQuotesAllocateNothing(t *testing.T) {
	buf := make([]byte, 0, 256)
	s := `The truck is inside coal-ban zone "尧都区禁煤区" \ turn back`
	want, _ := json.Marshal(s)
	if got := AppendHTMLString(buf, s); !bytes.Equal(got, want) {
		t.Fatalf("got %s, want %s", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { AppendHTMLString(buf, s) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// BenchmarkAppendHTMLString is a coal-truck check's reason messages, the
// longest strings of its answer.
//
// Appending runs of plain bytes at once instead of byte by byte (rune by
// rune), 2 shared cores, same run, 5 interleaved runs, medians:
//
//	byte by byte  956 ns  ->  runs  784 ns (3 messages, 390 bytes)
func BenchmarkAppendHTMLString(b *testing.B) {
	msgs := []string{
		"车辆位于禁煤区「尧都区禁煤区」，目的地（居民生活取暖）非豁免用煤单位，禁止进入，予以劝返",
		`The truck is inside coal-ban zone "尧都区禁煤区" and its destination (residential heating) is not an exempt coal user; entry is prohibited: turn back`,
		"《临汾市人民政府关于划定禁煤区的通告》（临政发〔2017〕22号）第二条",
	}
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for _, m := range msgs {
			buf = AppendHTMLString(buf, m)
		}
	}
}
