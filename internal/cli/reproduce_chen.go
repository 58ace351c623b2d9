package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/report"
)

func newCmdReproduceChen2019(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "chen2019",
		Short: "Chen et al. (JAMA Netw Open 2019): projected opioid overdose deaths",
		Long: `Rerun the health module as Chen et al. (2019) framed their projection:
the module's spin-up from 1999 to 2015, then fentanyl's share frozen to its
2015 trend and direct illicit initiation on Chen's +23.5%/yr, both trends
stabilising by 2025, without COVID-19 or OTC naloxone. Prints opioid deaths
2015-2025 against Chen's 33,100 (2015) and 81,700 (95% UI 63,600-101,700)
in 2025.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := f.Registry()
			if err != nil {
				return err
			}
			ys, err := health.Chen2019(health.FromValues(reg.Defaults()))
			if err != nil {
				return err
			}
			t := report.Table{Caption: "Chen et al. 2019 reproduction: opioid overdose deaths, fentanyl frozen to its 2015 trend",
				Header: []string{"year", "opioid deaths", "Chen et al.", "illicit users", "fentanyl share"}}
			for _, y := range ys {
				chen := ""
				switch y.Year {
				case 2015:
					chen = strconv.Itoa(health.Chen2015)
				case 2025:
					chen = fmt.Sprintf("%d (%d-%d)", health.Chen2025, health.Chen2025Lo, health.Chen2025Hi)
				}
				t.Rows = append(t.Rows, []string{strconv.Itoa(y.Year), fmt.Sprintf("%.0f", y.Opioid), chen,
					fmt.Sprintf("%.2fM", y.Illicit/1e6), fmt.Sprintf("%.2f", y.Share)})
			}
			last := ys[len(ys)-1]
			in := last.Opioid >= health.Chen2025Lo && last.Opioid <= health.Chen2025Hi
			t.Notes = append(t.Notes, fmt.Sprintf("2025: %.0f against Chen's 81,700; inside their 95%% interval: %v", last.Opioid, in),
				"source: Chen Q. et al. (2019) JAMA Netw Open 2(2):e187621")
			return report.FormatText(f.IO.Out, t)
		},
	}
}
