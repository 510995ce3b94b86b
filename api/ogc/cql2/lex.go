package cql2

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a lexical token of CQL2 text.
type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokIdent            // a property name or keyword, unquoted
	tokQuoted           // a "double-quoted" property name
	tokString           // a 'single-quoted' string literal
	tokNumber
	tokOp // = <> < <= > >=
	tokLParen
	tokRParen
	tokComma
)

// token is one lexical unit with its byte offset in the filter.
type token struct {
	kind tokenKind
	text string // the identifier, the unquoted string, the number or the operator
	pos  int
}

// SyntaxError is a filter that does not parse: Pos is the byte offset
// (0-based) where the problem was found.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("at position %d: %s", e.Pos, e.Msg) }

// lex splits s into tokens.
func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, &SyntaxError{i, "the filter is not valid UTF-8"}
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			out = append(out, token{tokLParen, "(", i})
			i++
		case r == ')':
			out = append(out, token{tokRParen, ")", i})
			i++
		case r == ',':
			out = append(out, token{tokComma, ",", i})
			i++
		case r == '=':
			out = append(out, token{tokOp, "=", i})
			i++
		case r == '<' || r == '>':
			op := string(r)
			if i+1 < len(s) && (s[i+1] == '=' || (r == '<' && s[i+1] == '>')) {
				op += string(s[i+1])
			}
			out = append(out, token{tokOp, op, i})
			i += len(op)
		case r == '\'' || r == '"':
			text, n, err := quoted(s[i:], byte(r))
			if err != nil {
				return nil, &SyntaxError{i, err.Error()}
			}
			kind := tokString
			if r == '"' {
				kind = tokQuoted
			}
			out = append(out, token{kind, text, i})
			i += n
		case r == '-' || r == '+' || r == '.' || (r >= '0' && r <= '9'):
			j := i + 1
			for j < len(s) && strings.ContainsRune("0123456789.eE+-", rune(s[j])) {
				if (s[j] == '+' || s[j] == '-') && s[j-1] != 'e' && s[j-1] != 'E' {
					break
				}
				j++
			}
			out = append(out, token{tokNumber, s[i:j], i})
			i = j
		case r == '_' || unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if r2 != '_' && r2 != '.' && r2 != ':' && !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				j += n
			}
			out = append(out, token{tokIdent, s[i:j], i})
			i = j
		default:
			return nil, &SyntaxError{i, fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(out, token{tokEOF, "", len(s)}), nil
}

// quoted reads a quoted literal starting at s[0] == q; a doubled quote
// stands for one. It returns the text and the bytes consumed.
func quoted(s string, q byte) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i + 1, nil
	}
	return "", 0, fmt.Errorf("unterminated %c-quoted literal", q)
}
