// Command cartelsim simulates the US–Mexico cartel and fentanyl system and
// compares the policy levers aimed at it. Run `cartelsim --help`.
package main

import (
	"os"

	"github.com/cartelsim/cartelsim/internal/cli"
)

func main() { os.Exit(int(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))) }
