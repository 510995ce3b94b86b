package main

import "strings"

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

// Set appends v.
func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// expandRepeated rewrites "--name a b c" (as a shell glob expands
// "--name dir/*.hgt") into "--name a --name b --name c", so the standard
// flag parser sees every value. Values stop at the next argument starting
// with "-".
func expandRepeated(args []string, name string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		switch {
		case a == "-"+name || a == "--"+name:
			if i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
		case strings.HasPrefix(a, "-"+name+"=") || strings.HasPrefix(a, "--"+name+"="):
		default:
			continue
		}
		for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			i++
			out = append(out, "--"+name, args[i])
		}
	}
	return out
}
