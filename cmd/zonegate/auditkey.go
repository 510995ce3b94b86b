package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/zonegate/zonegate/data"
)

// auditKeyEnv names the environment variable that gives the audit key file
// to every command that opens a store for writing, and the default of
// --audit-key-file.
const auditKeyEnv = "ZONEGATE_AUDIT_KEY_FILE"

// auditKeyUsage documents --audit-key-file.
const auditKeyUsage = "file holding the audit key (at least 32 bytes, e.g. 'openssl rand -hex 32 > audit.key'; " +
	"keep it outside the store); keys the audit chain with HMAC-SHA256. Env " + auditKeyEnv

// auditKeyFlag adds --audit-key-file to fs.
func auditKeyFlag(fs *flag.FlagSet) *string {
	return fs.String("audit-key-file", "", auditKeyUsage)
}

// readAuditKey reads the audit key from the file at path, without the
// white space around it; "" means no key (nil).
func readAuditKey(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	key := bytes.TrimSpace(b)
	if err := data.CheckAuditKey(key); err != nil {
		return nil, fmt.Errorf("audit key file %s: %w", path, err)
	}
	return key, nil
}

// requireAuditKey refuses to go on without a key when store's audit chain
// is keyed: a server or writer that cannot append to the audit log would
// fail every write.
func requireAuditKey(ctx context.Context, store data.Store, key []byte) error {
	if key != nil {
		return nil
	}
	head, err := store.AuditHead(ctx)
	if err != nil {
		return err
	}
	return head.CheckKey(nil)
}
