package planview

// palette applies ANSI colours, or nothing when colour is off (not a
// terminal, or -no-color).
type palette struct{ on bool }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

func (p palette) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (p palette) bold(s string) string { return p.paint(ansiBold, s) }

func (p palette) warn(s string) string { return p.paint(ansiYellow, s) }

func (p palette) risk(s string) string { return p.paint(ansiBold+ansiRed, s) }

// symbol colours a diff marker: green create, yellow update, red delete.
func (p palette) symbol(sym string) string {
	switch sym {
	case "+":
		return p.paint(ansiGreen, sym)
	case "-":
		return p.paint(ansiRed, sym)
	}
	return p.paint(ansiYellow, sym)
}
