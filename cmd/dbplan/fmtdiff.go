package main

import (
	"fmt"
	"io"
	"strings"
)

// maxDiffEdits bounds the Myers search; beyond it the diff shows the whole
// file replaced, which is correct if not minimal.
const maxDiffEdits = 4000

// diffOp is one line of an edit script: ' ' keep, '-' delete, '+' insert.
type diffOp struct {
	kind byte
	text string
}

// lineDiff returns an edit script turning a into b (Myers' O(ND) algorithm).
func lineDiff(a, b []string) []diffOp {
	n, m := len(a), len(b)
	maxD := min(n+m, maxDiffEdits)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		ops := make([]diffOp, 0, n+m)
		for _, s := range a {
			ops = append(ops, diffOp{'-', s})
		}
		for _, s := range b {
			ops = append(ops, diffOp{'+', s})
		}
		return ops
	}
	// Walk the trace backwards to recover the script.
	var rev []diffOp
	x, y := n, m
	for d := found; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[off+k-1] < vd[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, diffOp{' ', a[x]})
		}
		if x == prevX {
			y--
			rev = append(rev, diffOp{'+', b[y]})
		} else {
			x--
			rev = append(rev, diffOp{'-', a[x]})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, diffOp{' ', a[x]})
	}
	ops := make([]diffOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

// splitLines splits text into lines without their newlines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// writeUnifiedDiff writes a unified diff (3 lines of context) of old and
// new to w, labelled with name; nothing when they are equal.
func writeUnifiedDiff(w io.Writer, name, old, new string) {
	a, b := splitLines(old), splitLines(new)
	ops := lineDiff(a, b)
	const ctx = 3
	var changed []int
	for i, op := range ops {
		if op.kind != ' ' {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return
	}
	fmt.Fprintf(w, "--- old/%s\n+++ new/%s\n", name, name)
	// Line numbers before each op.
	aLine, bLine := make([]int, len(ops)+1), make([]int, len(ops)+1)
	for i, op := range ops {
		aLine[i+1], bLine[i+1] = aLine[i], bLine[i]
		if op.kind != '+' {
			aLine[i+1]++
		}
		if op.kind != '-' {
			bLine[i+1]++
		}
	}
	for i := 0; i < len(changed); {
		start := max(changed[i]-ctx, 0)
		j := i
		for j+1 < len(changed) && changed[j+1]-changed[j] <= 2*ctx {
			j++
		}
		end := min(changed[j]+ctx+1, len(ops))
		aCount, bCount := aLine[end]-aLine[start], bLine[end]-bLine[start]
		fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(aLine[start], aCount), hunkRange(bLine[start], bCount))
		for _, op := range ops[start:end] {
			fmt.Fprintf(w, "%c%s\n", op.kind, op.text)
		}
		i = j + 1
	}
}

// hunkRange renders "start,count" of a hunk header (1-based; an empty
// range names the line before it).
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}
