// Command joekuogen writes sensitivity/joekuo.go, the Joe–Kuo direction
// numbers (new-joe-kuo-6.21201) up to a dimension, from the copy SciPy
// ships in scipy/stats/_sobol_direction_numbers.npz (Debian package
// python3-scipy), whose arrays hold the same numbers: poly is the
// primitive polynomial with its leading and trailing terms, vinit the
// initial direction numbers m_1 … m_s.
//
// Before writing, it checks that every row of the table already in the
// file equals SciPy's, so that an extension can only add rows:
//
//	go run ./sensitivity/internal/joekuogen -dims 1000
package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"math/bits"
	"os"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	npz := flag.String("npz", "/usr/lib/python3/dist-packages/scipy/stats/_sobol_direction_numbers.npz", "SciPy's direction numbers")
	out := flag.String("out", "sensitivity/joekuo.go", "the Go file to write")
	dims := flag.Int("dims", 1000, "last dimension to write")
	flag.Parse()
	log.SetFlags(0)
	poly, _, err := readNpy(*npz, "poly.npy")
	if err != nil {
		log.Fatal(err)
	}
	vinit, fortran, err := readNpy(*npz, "vinit.npy")
	if err != nil {
		log.Fatal(err)
	}
	if *dims < 2 || *dims > len(poly) {
		log.Fatalf("joekuogen: -dims %d: want 2..%d", *dims, len(poly))
	}
	cols := len(vinit) / len(poly)
	// at is vinit[r][c] in the array's storage order.
	at := func(r, c int) int64 {
		if fortran {
			return vinit[c*len(poly)+r]
		}
		return vinit[r*cols+c]
	}
	var rows []string
	for d := 2; d <= *dims; d++ {
		p := poly[d-1]
		s := bits.Len64(uint64(p)) - 1
		a := (p >> 1) & (1<<(s-1) - 1)
		row := []string{strconv.Itoa(d), strconv.Itoa(s), strconv.FormatInt(a, 10)}
		for i := range s {
			row = append(row, strconv.FormatInt(at(d-1, i), 10))
		}
		rows = append(rows, strings.Join(row, " "))
	}
	old, err := os.ReadFile(*out)
	if err != nil {
		log.Fatal(err)
	}
	m := regexp.MustCompile("(?s)const joeKuo = `\n(.*?)`").FindSubmatch(old)
	if m == nil {
		log.Fatalf("joekuogen: no joeKuo table in %s", *out)
	}
	kept := strings.Split(strings.TrimSpace(string(m[1])), "\n")
	for i, r := range kept {
		if i >= len(rows) || r != rows[i] {
			log.Fatalf("joekuogen: row %d of %s (%q) differs from SciPy's (%q)", i+2, *out, r, rows[min(i, len(rows)-1)])
		}
	}
	var b bytes.Buffer
	b.Write(old[:bytes.Index(old, []byte("const joeKuo"))])
	b.WriteString("const joeKuo = `\n" + strings.Join(rows, "\n") + "\n`\n")
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d rows checked against SciPy, %d rows in all (dimensions 2..%d)\n", *out, len(kept), len(rows), *dims)
}

// readNpy reads an int64 array from a NumPy .npz archive (a zip of .npy
// files: a magic string, a header of Python literals, then the data) and
// says whether it is stored column by column (Fortran order).
func readNpy(npz, name string) ([]int64, bool, error) {
	zr, err := zip.OpenReader(npz)
	if err != nil {
		return nil, false, fmt.Errorf("joekuogen: %w", err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		return nil, false, fmt.Errorf("joekuogen: %s in %s: %w", name, npz, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, false, fmt.Errorf("joekuogen: %s: %w", name, err)
	}
	if len(b) < 10 || string(b[1:6]) != "NUMPY" {
		return nil, false, fmt.Errorf("joekuogen: %s is not a .npy array", name)
	}
	var hlen, off int
	if b[6] == 1 {
		hlen, off = int(binary.LittleEndian.Uint16(b[8:])), 10
	} else {
		hlen, off = int(binary.LittleEndian.Uint32(b[8:])), 12
	}
	header := string(b[off : off+hlen])
	if !strings.Contains(header, "'<i8'") {
		return nil, false, fmt.Errorf("joekuogen: %s: want little-endian int64, header %s", name, header)
	}
	data := b[off+hlen:]
	out := make([]int64, len(data)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return out, strings.Contains(header, "'fortran_order': True"), nil
}
