package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/keylint/keylint/scanner"
)

// FastGPTCloud returns the hosted FastGPT services, tried in turn when no base URL is known.
func FastGPTCloud() []string { return []string{"https://cloud.fastgpt.io", "https://cloud.fastgpt.cn"} }

// fastGPT checks a fastgpt- key with GET {base}/api/support/openapi/health?apiKey=KEY:
// one database lookup, no last-used update. The endpoint reads the key from the query
// string only, so that is where it goes.
type fastGPT struct{}

func (fastGPT) name() string { return "FastGPT" }

func (fastGPT) request(ctx context.Context, base *url.URL, key string) (*http.Request, error) {
	u := *base
	u.Path = trimSuffixes(u.Path, "/v1", "/api") + "/api/support/openapi/health"
	u.RawQuery = ""
	if key != "" {
		u.RawQuery = url.Values{"apiKey": {key}}.Encode()
	}
	return http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
}

// fastGPTBody is FastGPT's answer to every request: {code, statusText, message, data}.
type fastGPTBody struct {
	Code       *int            `json:"code"`
	StatusText string          `json:"statusText"`
	Message    json.RawMessage `json:"message"`
	Data       json.RawMessage `json:"data"`
}

type fastGPTHealth struct {
	Valid          *bool    `json:"valid"`
	UsagePoints    *float64 `json:"usagePoints"`
	MaxUsagePoints *float64 `json:"maxUsagePoints"`
	AppID          string   `json:"appId"`
}

// FastGPT answers every error with HTTP 500 and a body saying what went wrong, so the
// body decides, not the status.
func (fastGPT) classify(a *answer) verdict {
	var b fastGPTBody
	parsed := json.Unmarshal(a.body, &b) == nil
	code := a.code
	if parsed && b.Code != nil && code == http.StatusOK {
		code = *b.Code
	}
	msg := strings.ToLower(b.StatusText + " " + string(b.Message))
	switch {
	case code == http.StatusTooManyRequests || strings.Contains(msg, "frequency") || strings.Contains(msg, "too many") || strings.Contains(msg, "频繁"):
		return verdict{status: scanner.StatusRateLimited, detail: "rate limited (FastGPT allows about 1 request per second per address)", retry: true, after: retryAfter(a)}
	case code == http.StatusServiceUnavailable:
		return verdict{status: scanner.StatusUnknown, detail: "HTTP 503: service unavailable", retry: true, after: retryAfter(a)}
	case code == http.StatusOK && parsed:
		return healthVerdict(b.Data)
	case parsed && (strings.Contains(msg, "expired") || strings.Contains(msg, "过期")):
		return verdict{status: scanner.StatusInvalid, detail: statusText(a.code) + ": FastGPT says the key has expired"}
	case parsed && (strings.Contains(msg, "invalid") || strings.Contains(msg, "unauth") || strings.Contains(msg, "无效") || strings.Contains(msg, "不存在")):
		return verdict{status: scanner.StatusInvalid, detail: statusText(a.code) + ": FastGPT says the key is invalid"}
	}
	return verdict{status: scanner.StatusUnknown, detail: statusText(a.code) + ": an answer that is not FastGPT's"}
}

// healthVerdict reads the data of a 200 answer: valid, and in newer versions what the key may spend.
func healthVerdict(data json.RawMessage) verdict {
	var h fastGPTHealth
	if len(bytes.TrimSpace(data)) == 0 || json.Unmarshal(data, &h) != nil || (h.Valid == nil && h.AppID == "") {
		return verdict{status: scanner.StatusUnknown, detail: "HTTP 200 without the data FastGPT's health check returns"}
	}
	if h.Valid != nil && !*h.Valid {
		return verdict{status: scanner.StatusInvalid, detail: "FastGPT says the key is not valid"}
	}
	detail := "HTTP 200: the key is accepted"
	if h.UsagePoints != nil && h.MaxUsagePoints != nil && *h.MaxUsagePoints > 0 {
		detail = fmt.Sprintf("HTTP 200: usage points %g of %g spent", *h.UsagePoints, *h.MaxUsagePoints)
		if *h.UsagePoints >= *h.MaxUsagePoints {
			return verdict{status: scanner.StatusNoFunds, detail: detail + ": the key's limit is used up"}
		}
	} else if h.UsagePoints != nil {
		detail = fmt.Sprintf("HTTP 200: usage points %g spent, no limit", *h.UsagePoints)
	}
	return verdict{status: scanner.StatusLive, detail: detail}
}

func (p fastGPT) refusedWithoutKey(a *answer) bool {
	if a.code < 400 || a.code == http.StatusTooManyRequests || a.code == http.StatusServiceUnavailable {
		return false
	}
	v := p.classify(a)
	return v.status != scanner.StatusLive && v.status != scanner.StatusNoFunds
}

func (fastGPT) randomKey() string {
	return "fastgpt-" + randomBody("abcdefghijklmnopqrstuvwxyz", 56)
}

// trimSuffixes drops a trailing "/" and then each of suffixes in turn, when the path ends with it.
func trimSuffixes(p string, suffixes ...string) string {
	p = strings.TrimRight(p, "/")
	for _, s := range suffixes {
		p = strings.TrimSuffix(p, s)
	}
	return p
}
