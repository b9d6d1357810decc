package fleet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/internal/controlfile"
)

// State is what --state DIR remembers between runs: per repository the ref tips scanned and the
// tips as of the last report written (repos/ID.json), and per project the blobs scanned clean
// (blobs/PROJECT.set), shared by every fork of the project. Each file is written atomically once
// its repository is done, so a stopped run does not scan again what it finished; the next run
// walks again the commits since the last report (without rescanning their clean blobs), so the
// keys a stopped run found are in the next report.
type State struct {
	dir  string
	mu   sync.Mutex
	sets map[string]*blobSet
}

// repoState is one repository's record.
type repoState struct {
	Repo    string   `json:"repo"`
	Project string   `json:"project"`
	Tips    []string `json:"tips"`
	// Scope is the Options.Scope the record was made under.
	Scope string `json:"scope,omitempty"`
	// Reported are the tips as of the last report written; the next run walks the commits after them.
	Reported []string `json:"reported"`
}

// OpenState prepares the state folder dir, creating it when needed.
func OpenState(dir string) (*State, error) {
	for _, sub := range []string{"repos", "blobs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("state folder: %w", err)
		}
	}
	return &State{dir: dir, sets: map[string]*blobSet{}}, nil
}

// maxRepoState bounds one repository's record: some 200,000 ref tips, twice.
const maxRepoState = 16 << 20

// maxBlobSet bounds a project's blob set: 25 million hashes.
const maxBlobSet = 512 << 20

func (s *State) repoFile(r Repo) string { return filepath.Join(s.dir, "repos", r.ID()+".json") }

// load reads a repository's record; a missing one is the zero record.
func (s *State) load(r Repo) (repoState, error) {
	var rs repoState
	data, err := controlfile.Read(s.repoFile(r), controlfile.Options{Limit: maxRepoState, Follow: true})
	if errors.Is(err, fs.ErrNotExist) {
		return rs, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &rs)
	}
	if err != nil {
		return rs, fmt.Errorf("state of %s: %w", r.Spec, err)
	}
	if rs.Repo != r.Key {
		return repoState{}, nil // a hash collision or a hand-edited file: start over
	}
	return rs, nil
}

// save writes a repository's record atomically.
func (s *State) save(r Repo, rs repoState) error {
	rs.Repo = r.Key
	data, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(s.repoFile(r), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("state of %s: %w", r.Spec, err)
	}
	return nil
}

// acquire returns the project's blob set, loading it when no repository holds it.
func (s *State) acquire(project string) (*blobSet, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.sets[project]; ok {
		b.refs++
		return b, nil
	}
	b, err := loadBlobSet(filepath.Join(s.dir, "blobs", project+".set"))
	if err != nil {
		return nil, err
	}
	b.refs = 1
	s.sets[project] = b
	return b, nil
}

// release drops a project's set from memory once no repository holds it.
func (s *State) release(project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.sets[project]; b != nil {
		if b.refs--; b.refs <= 0 {
			delete(s.sets, project)
		}
	}
}

// MarkReported records, once the run's report is written, that the scanned repositories'
// findings are in it: the next run walks only commits after their current tips.
func (s *State) MarkReported(results []Result) error {
	for _, r := range results {
		if r.Err != nil || r.state == nil {
			continue
		}
		rs := *r.state
		rs.Reported = rs.Tips
		if err := s.save(r.Repo, rs); err != nil {
			return err
		}
	}
	return nil
}
