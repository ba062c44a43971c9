package stripeclient

import (
	"errors"
	"regexp"
	"strings"

	"github.com/stripe/stripe-go/v82"
)

// keyLikeRE matches anything shaped like a Stripe key, including Stripe's
// own partial redactions ("sk_test_********1234"), which still show
// characters of the secret.
var keyLikeRE = regexp.MustCompile(`\b[srp]k_(?:live|test)_[^\s'"\\,;)]*`)

// scrubber removes key material from text bound for errors and logs.
type scrubber struct{ key Key }

// text replaces the key and anything key-shaped with a redaction.
func (s scrubber) text(t string) string {
	if secret := s.key.reveal(); secret != "" {
		t = strings.ReplaceAll(t, secret, s.key.String())
	}
	return keyLikeRE.ReplaceAllStringFunc(t, func(m string) string {
		return m[:len("sk_test_")] + "…(redacted)"
	})
}

// err scrubs a Stripe error's messages in place; other errors are rebuilt
// only when their text holds key material.
func (s scrubber) err(err error) error {
	if err == nil {
		return nil
	}
	var se *stripe.Error
	if errors.As(err, &se) {
		se.Msg = s.text(se.Msg)
		se.DeveloperMsg = s.text(se.DeveloperMsg)
		if se.LastResponse != nil {
			se.LastResponse.RawJSON = []byte(s.text(string(se.LastResponse.RawJSON)))
		}
		return err
	}
	if t := err.Error(); s.text(t) != t {
		return errors.New(s.text(t))
	}
	return err
}
