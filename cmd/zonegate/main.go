// Command zonegate is the zonegate server and its command-line tools: serve
// the HTTP API, import GeoJSON layers, and check points from the shell.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `zonegate — zones for clean-air enforcement: point and coal-truck checks,
layers and versions for the ecology bureau. (禁煤区 / 禁燃区 检查服务)

Usage:
  zonegate <command> [flags]

Commands:
  serve    run the HTTP server (add --demo for the synthetic Linfen region)
  import   import a GeoJSON FeatureCollection as a published layer
  export   write a layer as GeoJSON, GeoPackage, Shapefile, KML, CSV or JT/T 808 messages
  check    print the zones at a point, from the shell
  layers   list the layers in a store
  migrate  create or upgrade a store's schema (also done at every start)
  analyse  analyses that publish layers: below (600 m line), kiln-areas, sewer-coverage
  demo     demo data: 'demo dem' writes the synthetic DEM, 'demo trucks' replays a truck fleet
  dem      import elevation models into the store (.hgt, GeoTIFF) and list them
  token    create, list and revoke API tokens (the secret is shown once)
  audit    verify the hash-chained audit log, or list its entries
  backup   copy a live SQLite store consistently (while the server runs)
  version  print the version

Run 'zonegate <command> --help' for a command's flags.
Every flag can also be set by an environment variable ZONEGATE_<FLAG>
(for example ZONEGATE_STORE=/var/lib/zonegate/zonegate.db); flags win.
`

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "zonegate:", err)
		os.Exit(1)
	}
}

// errUsage reports a command line that could not be understood; the
// message has already been printed.
var errUsage = errors.New("usage")

// run executes one command; it is main without the process exits, so tests
// can drive the real wiring.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "layers":
		return runLayers(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "analyse":
		return runAnalyse(ctx, rest, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "dem":
		return runDEM(ctx, rest, stdout, stderr)
	case "token":
		return runToken(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "zonegate", version)
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "zonegate: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

// commandFunc runs one command or subcommand with its arguments.
type commandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// runSubcommand dispatches "zonegate NAME SUB …" to subs[SUB], printing
// synopsis for help or an unknown subcommand.
func runSubcommand(ctx context.Context, name, synopsis string, subs map[string]commandFunc, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, synopsis)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	sub, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "zonegate %s: unknown subcommand %q\n\n%s\n", name, args[0], synopsis)
		return errUsage
	}
	return sub(ctx, args[1:], stdout, stderr)
}

// newFlagSet returns a flag set whose usage text starts with synopsis.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags applies ZONEGATE_* environment defaults, then the command
// line. A parse error has been printed with the usage and becomes errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "ZONEGATE_" + envName(f.Name)
		if v, ok := os.LookupEnv(name); ok && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("environment %s=%q: %w", name, v, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	// The flag package prints a parse error above the whole usage text,
	// where it scrolls out of sight: print the usage first and the one-line
	// error last instead.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		usage()
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		fmt.Fprintf(out, "\nzonegate %s: %v\n", fs.Name(), err)
		return errUsage
	}
	if fs.NArg() > 0 && fs.Name() != "import" {
		fs.Usage()
		fmt.Fprintf(fs.Output(), "\nzonegate %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

func envName(flagName string) string {
	b := []byte(flagName)
	for i, c := range b {
		switch {
		case c == '-':
			b[i] = '_'
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
