package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
)

// Merge combines reports of the same format (keylint's JSON or SARIF, as shards of one scan
// write them) into one: the findings of one key (rule and key hash) become one entry with all
// its places, a finding present twice (same repository, fingerprint and commit) is kept once,
// and the order is the one a single run over all the repositories writes. It returns the
// merged report and how many keys it holds.
func Merge(docs [][]byte) ([]byte, int, error) {
	if len(docs) == 0 {
		return nil, 0, errors.New("no reports to merge")
	}
	kind := func(d []byte) byte {
		d = bytes.TrimSpace(d)
		if len(d) == 0 {
			return 0
		}
		return d[0]
	}
	k := kind(docs[0])
	for i, d := range docs {
		if kind(d) != k {
			return nil, 0, fmt.Errorf("report %d is not in the format of the first (JSON arrays and SARIF logs do not mix)", i+1)
		}
	}
	switch k {
	case '[':
		return mergeJSON(docs)
	case '{':
		return mergeSARIF(docs)
	}
	return nil, 0, errors.New("not a keylint JSON or SARIF report")
}

// group is one key's entry while merging: the entry whose place sorts first, and the other places.
type group[T any] struct {
	entry  T
	first  Place
	others []Place
}

// groups collects entries by key in the order of their first places.
type groups[T any] struct {
	byKey map[string]*group[T]
}

func (g *groups[T]) add(key string, entry T, first Place, others []Place) {
	if g.byKey == nil {
		g.byKey = map[string]*group[T]{}
	}
	cur, ok := g.byKey[key]
	if !ok {
		g.byKey[key] = &group[T]{entry: entry, first: first, others: slices.Clone(others)}
		return
	}
	if comparePlaces(first, cur.first) < 0 {
		cur.others = append(cur.others, cur.first)
		cur.entry, cur.first = entry, first
	} else {
		cur.others = append(cur.others, first)
	}
	cur.others = append(cur.others, others...)
}

// sorted returns the groups in order, each with its other places sorted and without duplicates.
func (g *groups[T]) sorted() []*group[T] {
	out := make([]*group[T], 0, len(g.byKey))
	for _, gr := range g.byKey {
		slices.SortFunc(gr.others, comparePlaces)
		kept := gr.others[:0]
		for _, p := range gr.others {
			if samePlace(p, gr.first) || (len(kept) > 0 && samePlace(p, kept[len(kept)-1])) {
				continue
			}
			kept = append(kept, p)
		}
		gr.others = kept
		out = append(out, gr)
	}
	sort.Slice(out, func(i, j int) bool { return comparePlaces(out[i].first, out[j].first) < 0 })
	return out
}

func mergeJSON(docs [][]byte) ([]byte, int, error) {
	var g groups[jsonFinding]
	for i, d := range docs {
		var fs []jsonFinding
		if err := json.Unmarshal(d, &fs); err != nil {
			return nil, 0, fmt.Errorf("report %d: %w", i+1, err)
		}
		for _, f := range fs {
			first := Place{Repo: f.Repo, Path: f.Path, Member: f.Member, Line: f.Line, Column: f.Column, Rule: f.Rule, Fingerprint: f.Fingerprint}
			if f.Commit != nil {
				first.Commit = f.Commit.SHA
			}
			others := f.Places
			for j := range others {
				others[j].Rule = f.Rule
			}
			key := "fp\x00" + f.Fingerprint
			if f.KeyHash != "" {
				key = f.Rule + "\x00" + f.KeyHash
			}
			f.Places = nil
			g.add(key, f, first, others)
		}
	}
	gs := g.sorted()
	out := make([]jsonFinding, 0, len(gs))
	for _, gr := range gs {
		f := gr.entry
		if len(gr.others) > 0 {
			f.Places = gr.others
		}
		out = append(out, f)
	}
	var buf bytes.Buffer
	err := writeJSON(&buf, out)
	return buf.Bytes(), len(out), err
}

func mergeSARIF(docs [][]byte) ([]byte, int, error) {
	var (
		g      groups[sarifResult]
		merged sarifRun
		have   = map[string]bool{}
		bases  = map[string]sarifArtifactLoc{}
		prov   = map[string]sarifVersionControl{}
		schema string
	)
	for i, d := range docs {
		var log sarifLog
		if err := json.Unmarshal(d, &log); err != nil {
			return nil, 0, fmt.Errorf("report %d: %w", i+1, err)
		}
		if log.Version != "2.1.0" {
			return nil, 0, fmt.Errorf("report %d: SARIF version %q, want 2.1.0", i+1, log.Version)
		}
		schema = log.Schema
		for _, run := range log.Runs {
			if merged.Tool.Driver.Name == "" {
				merged.Tool = run.Tool
				merged.Tool.Driver.Rules = nil
				merged.ColumnKind = run.ColumnKind
			}
			for _, r := range run.Tool.Driver.Rules {
				if !have[r.ID] {
					have[r.ID] = true
					merged.Tool.Driver.Rules = append(merged.Tool.Driver.Rules, r)
				}
			}
			for id, b := range run.OriginalURIBaseIDs {
				bases[id] = b
			}
			for _, p := range run.Provenance {
				prov[p.RepositoryURI] = p
			}
			for _, res := range run.Results {
				first, others, key, err := sarifPlaces(&res)
				if err != nil {
					return nil, 0, fmt.Errorf("report %d: %w", i+1, err)
				}
				g.add(key, res, first, others)
			}
		}
	}
	index := map[string]int{}
	for i, r := range merged.Tool.Driver.Rules {
		index[r.ID] = i
	}
	merged.Results = []sarifResult{}
	for _, gr := range g.sorted() {
		res := gr.entry
		res.RuleIndex = index[res.RuleID]
		var related []sarifLocation
		for _, l := range res.RelatedLocations {
			if l.Properties["keylint/place"] == nil {
				related = append(related, l)
			}
		}
		res.RelatedLocations = append(related, placeLocations(gr.others, len(related))...)
		if len(gr.others) > 0 {
			if res.Properties == nil {
				res.Properties = map[string]any{}
			}
			res.Properties["places"] = gr.others
		}
		merged.Results = append(merged.Results, res)
	}
	if len(bases) > 0 {
		merged.OriginalURIBaseIDs = bases
	}
	for _, u := range slices.Sorted(maps.Keys(prov)) {
		merged.Provenance = append(merged.Provenance, prov[u])
	}
	var buf bytes.Buffer
	err := writeJSON(&buf, sarifLog{Schema: schema, Version: "2.1.0", Runs: []sarifRun{merged}})
	return buf.Bytes(), len(merged.Results), err
}

// sarifPlaces reads a result's own place, its other places and its key, removing the places from its properties.
func sarifPlaces(res *sarifResult) (Place, []Place, string, error) {
	var first Place
	if len(res.Locations) == 0 {
		return first, nil, "", fmt.Errorf("result of rule %s has no location", res.RuleID)
	}
	loc := res.Locations[0].PhysicalLocation
	path, err := url.PathUnescape(loc.ArtifactLocation.URI)
	if err != nil {
		path = loc.ArtifactLocation.URI
	}
	str := func(k string) string { s, _ := res.Properties[k].(string); return s }
	first = Place{Repo: str("repo"), Path: path, Member: str("member"), Rule: res.RuleID,
		Commit: str("commit"), Fingerprint: res.PartialFingerprints["keylint/v1"]}
	if loc.Region != nil {
		first.Line, first.Column = loc.Region.StartLine, loc.Region.StartColumn
	}
	var others []Place
	if raw, ok := res.Properties["places"]; ok {
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &others); err != nil {
			return first, nil, "", fmt.Errorf("result of rule %s: places: %w", res.RuleID, err)
		}
		for i := range others {
			others[i].Rule = res.RuleID
		}
		delete(res.Properties, "places")
	}
	key := "fp\x00" + first.Fingerprint
	if h := str("keyHash"); h != "" {
		key = res.RuleID + "\x00" + h
	}
	return first, others, key, nil
}
