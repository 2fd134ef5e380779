package config

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// digest hashes the configuration files (base name and contents, in name
// order) and the non-sensitive variable values (by name). Sensitive
// variables contribute nothing, not even their names, so the digest does
// not change when only a secret does.
func (l *loader) digest(files []*hcl.File) string {
	h := sha256.New()
	names := make([]string, 0, len(files))
	bytes := map[string][]byte{}
	for name, f := range l.parser.Files() {
		for _, cf := range files {
			if cf == f {
				names = append(names, name)
				bytes[name] = f.Bytes
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(h, "file %q %d\n", filepath.Base(n), len(bytes[n]))
		h.Write(bytes[n])
	}
	vars := make([]string, 0, len(l.vars))
	for n, v := range l.vars {
		if !v.sensitive {
			vars = append(vars, n)
		}
	}
	slices.Sort(vars)
	for _, n := range vars {
		v := l.vars[n]
		val, _ := v.val.UnmarkDeep()
		if !val.IsWhollyKnown() {
			fmt.Fprintf(h, "var %q unknown\n", n)
			continue
		}
		b, err := ctyjson.Marshal(val, val.Type())
		if err != nil {
			b = []byte("unencodable")
		}
		fmt.Fprintf(h, "var %q %d\n", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
