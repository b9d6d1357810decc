package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/keylint/keylint/scanner"
)

// GonkaGateBaseURL is GonkaGate's API, which --gonkagate-base-url replaces.
const GonkaGateBaseURL = "https://api.gonkagate.com"

// gonkaGate checks a gp- key with GET /v1/models and the key as a Bearer token,
// the check GonkaGate's own tools use; it needs no balance.
type gonkaGate struct{}

func (gonkaGate) name() string { return "GonkaGate" }

func (gonkaGate) request(ctx context.Context, base *url.URL, key string) (*http.Request, error) {
	u := *base
	u.Path = trimSuffixes(u.Path, "/v1") + "/v1/models"
	u.RawQuery = ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return req, nil
}

func (gonkaGate) classify(a *answer) verdict {
	switch a.code {
	case http.StatusOK:
		return verdict{status: scanner.StatusLive, detail: modelsDetail(a.body)}
	case http.StatusUnauthorized:
		return verdict{status: scanner.StatusInvalid, detail: "HTTP 401: GonkaGate does not know the key"}
	case http.StatusForbidden:
		return verdict{status: scanner.StatusDeactivated, detail: "HTTP 403: the account is deactivated or suspended"}
	case http.StatusPaymentRequired:
		return verdict{status: scanner.StatusNoFunds, detail: "HTTP 402: the key works but the account has no funds"}
	case http.StatusTooManyRequests:
		if bytes.Contains(a.body, []byte("insufficient_quota")) {
			return verdict{status: scanner.StatusNoFunds, detail: "HTTP 429 insufficient_quota: the key works but the account has no funds"}
		}
		return verdict{status: scanner.StatusRateLimited, detail: "HTTP 429: rate limited", retry: true, after: retryAfter(a)}
	case http.StatusServiceUnavailable:
		return verdict{status: scanner.StatusUnknown, detail: "HTTP 503: service unavailable", retry: true, after: retryAfter(a)}
	}
	return verdict{status: scanner.StatusUnknown, detail: statusText(a.code) + ": an answer GonkaGate does not document for this check"}
}

func (gonkaGate) refusedWithoutKey(a *answer) bool {
	return a.code == http.StatusUnauthorized || a.code == http.StatusForbidden
}

func (gonkaGate) randomKey() string { return "gp-" + randomBody("", 40) }

// modelsDetail counts the models a live key may use, when the answer lists them.
func modelsDetail(body []byte) string {
	var list struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &list) == nil && len(list.Data) > 0 {
		return "HTTP 200: the key may use " + strconv.Itoa(len(list.Data)) + " model(s)"
	}
	return "HTTP 200: the key is accepted"
}
