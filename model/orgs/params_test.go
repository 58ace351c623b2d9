package orgs

import (
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/params"
)

func TestOrgsParametersPassCheck(t *testing.T) {
	t.Parallel()
	ps := Parameters()
	if len(ps) == 0 {
		t.Fatal("no parameters")
	}
	for _, p := range ps {
		if err := p.Check(); err != nil {
			t.Error(err)
		}
		if p.Module != "orgs" {
			t.Errorf("%s: module %q", p.Name, p.Module)
		}
		// A parameter is either anchored in a study (and, if the paper
		// fitted it, says how) or labelled an assumption.
		if !p.IsAssumption() && !strings.Contains(p.Source, "(20") {
			t.Errorf("%s: source %q cites no study and is not labelled an assumption", p.Name, p.Source)
		}
	}
	// A fresh slice each call: changing one must not change the next.
	ps[0].Default = -1
	if Parameters()[0].Default == -1 {
		t.Error("Parameters returns a shared slice")
	}
	reg, err := params.New(Parameters())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := FromValues(reg.Defaults()), Defaults(); got != want {
		t.Errorf("FromValues(defaults) = %+v, want %+v", got, want)
	}
	if err := Defaults().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func TestOrgsParamsFromValues(t *testing.T) {
	t.Parallel()
	reg, err := params.New(Parameters())
	if err != nil {
		t.Fatal(err)
	}
	v := reg.Defaults()
	if err := v.Set("orgs.incapacitation", 150); err != nil {
		t.Fatal(err)
	}
	if got := FromValues(v).Incapacitation; got != 150 {
		t.Errorf("Incapacitation = %g, want 150", got)
	}
}

func TestOrgsParamsValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		edit func(*Params)
		want string
	}{
		{"negative recruitment", func(p *Params) { p.Recruitment = -1 }, "orgs.recruitment_rate"},
		{"zero initial members", func(p *Params) { p.InitialMembers = 0 }, "orgs.initial_members"},
		{"killing below capture", func(p *Params) { p.KillingFactor = 0.5 }, "orgs.killing_factor"},
		{"share above half", func(p *Params) { p.SplitShare = 0.6 }, "orgs.split_share"},
		{"probability above 1", func(p *Params) { p.SplitProbability = 2 }, "orgs.split_probability"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := Defaults()
			tt.edit(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
	// Every problem is reported, not only the first.
	p := Defaults()
	p.Lethality, p.Saturation = -1, -1
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "lethality") || !strings.Contains(err.Error(), "saturation") {
		t.Errorf("err = %v, want both problems", err)
	}
}

// TestRemovalLossOrder: at the defaults the losses keep the order the
// docs give, killing > capture ≥ extradition > transfer of a leader
// already in custody (the 2025 mass transfers) and mid-level arrest > 0.
func TestRemovalLossOrder(t *testing.T) {
	t.Parallel()
	p := Defaults()
	kill, capture, extradition := p.integrityLoss(Killing), p.integrityLoss(Capture), p.integrityLoss(Extradition)
	transfer, arrest := p.integrityLoss(Transfer), p.integrityLoss(MidLevelArrest)
	if !(kill > capture && capture >= extradition && extradition > transfer && transfer > 0 && arrest > 0) {
		t.Errorf("losses: killing %.3f, capture %.3f, extradition %.3f, transfer %.3f, mid-level arrest %.3f", kill, capture, extradition, transfer, arrest)
	}
	if transfer != p.CaptureLoss*p.TransferFactor {
		t.Errorf("transfer loss %g, want capture loss × orgs.transfer_factor = %g", transfer, p.CaptureLoss*p.TransferFactor)
	}
	if Transfer.String() != "transfer" {
		t.Errorf("Transfer names itself %q", Transfer)
	}
}
