package history

import (
	"github.com/keylint/keylint/scanner/source"
)

// diffed is a visit with the changes its commit makes, worked out ahead of the walk.
type diffed struct {
	visit
	chs   []change          // their commit unset: the walk numbers commits in its own order
	notes []*source.Problem // troubles met diffing, each to be noted once
}

// diffAhead works out the changes of the visits from in on its own goroutine, with its own
// pack reader and tree caches, so that diffing trees overlaps reading commits and queueing
// blobs; it yields them in in's order. The caller drains the channel to its end.
//
// One goroutine diffs: consecutive commits share most of their trees and delta bases,
// which its caches hold from one commit to the next; differs taking turns would each
// read them again.
func (s *scan) diffAhead(in <-chan visit) <-chan diffed {
	out := make(chan diffed, 256)
	d := s.fork(walkCacheBytes)
	go func() {
		defer close(out)
		defer d.st.Close()
		for v := range in {
			dv := diffed{visit: v}
			if v.c != nil && s.ctx.Err() == nil {
				dv.chs = d.changesOf(v.c, v.parents, nil)
				dv.notes, d.pending = d.pending, nil
			}
			out <- dv
		}
	}()
	return out
}

// fork returns a copy of s for a goroutine of the walk: its own pack reader (with a cache
// of cacheBytes), object storage and tree caches, and its troubles collected in pending,
// to be handed back with its visits instead of reported from it. Close its st when done.
func (s *scan) fork(cacheBytes int) *scan {
	d := *s
	if s.packs != nil {
		d.objs = newObjReader(s.packs, cacheBytes)
	}
	d.st = s.lay.open(8 << 20)
	d.pool, d.noted, d.trees, d.unsorted, d.decoded, d.raw, d.rawBytes = nil, nil, nil, nil, nil, nil, 0
	d.changeLog, d.commitLog, d.recBuf, d.commits, d.pending = spillLog{}, spillLog{}, nil, commitDecoder{}, nil
	d.opt.Problem = func(p *source.Problem) { d.pending = append(d.pending, p) }
	return &d
}
