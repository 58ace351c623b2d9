package scenario

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	b, err := NewFromTemplate("my-test")
	fmt.Println(string(b), err)
	s, err := Parse("t.yaml", b)
	fmt.Println(err)
	if s != nil {
		y, err := s.YAML()
		fmt.Println(string(y), err, s.Hash())
	}
	for _, b := range Builtins() {
		y, _ := b.YAML()
		fmt.Println(string(y), b.Warnings)
	}
}
