package fleet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// Auth is how remotes are reached; the caller fills it from the environment the user set.
// Nothing is read from a scanned repository's config or from git credential helpers.
type Auth struct {
	// Token is sent as the HTTP basic-auth password, to https remotes only.
	Token string
	// User is the basic-auth user name sent with Token (default "x-access-token").
	User string
}

// refSpecs are what a clone keeps: branches and tags, forced so a force-push replaces the old tip.
var refSpecs = []config.RefSpec{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}

// method picks the credentials for a remote: the token over https, the SSH agent over ssh, none otherwise.
func (a Auth) method(r Repo) (transport.AuthMethod, error) {
	ep, err := transport.NewEndpoint(r.URL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Spec, err)
	}
	switch ep.Protocol {
	case "https":
		if a.Token == "" || ep.User != "" {
			return nil, nil // no token, or the URL carries its own
		}
		user := a.User
		if user == "" {
			user = "x-access-token"
		}
		return &http.BasicAuth{Username: user, Password: a.Token}, nil
	case "ssh":
		user := ep.User
		if user == "" {
			user = "git"
		}
		m, err := ssh.NewSSHAgentAuth(user)
		if err != nil {
			return nil, fmt.Errorf("%s: no SSH agent to authenticate with (set SSH_AUTH_SOCK): %w", r.Spec, err)
		}
		return m, nil
	}
	return nil, nil
}

// fetch brings the remote's branches and tags into the bare repository at dir, cloning it when
// dir holds none (or one of another remote) and fetching only what is new otherwise. No work tree
// is checked out, so no hook, filter or attribute of the remote ever runs.
func fetch(ctx context.Context, r Repo, dir string, a Auth) error {
	auth, err := a.method(r)
	if err != nil {
		return err
	}
	repo, err := git.PlainOpen(dir)
	if err == nil {
		if rem, err := repo.Remote("origin"); err != nil || len(rem.Config().URLs) != 1 || rem.Config().URLs[0] != r.URL {
			repo = nil
		}
	} else {
		repo = nil
	}
	if repo == nil {
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("clearing %s: %w", dir, err)
		}
		if repo, err = git.PlainInit(dir, true); err != nil {
			return fmt.Errorf("creating the clone at %s: %w", dir, err)
		}
		if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{r.URL}, Fetch: refSpecs}); err != nil {
			return fmt.Errorf("creating the clone at %s: %w", dir, err)
		}
	}
	rem, err := repo.Remote("origin")
	if err != nil {
		return fmt.Errorf("%s: %w", r.Spec, err)
	}
	refs, err := rem.ListContext(ctx, &git.ListOptions{Auth: auth})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("fetching %s: %s", r.Spec, scrub(err, a.Token))
	}
	err = rem.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", RefSpecs: refSpecs, Auth: auth, Tags: git.NoTags, Prune: true, Force: true})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fmt.Errorf("fetching %s: %s", r.Spec, scrub(err, a.Token))
	}
	for _, ref := range refs {
		if ref.Name() == plumbing.HEAD && ref.Type() == plumbing.SymbolicReference {
			if err := repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, ref.Target())); err != nil {
				return fmt.Errorf("setting HEAD of %s: %w", dir, err)
			}
		}
	}
	return nil
}

// scrub is an error's text with the token removed, should a transport ever echo it.
func scrub(err error, token string) string {
	s := err.Error()
	if token != "" {
		s = strings.ReplaceAll(s, token, "[token]")
	}
	return s
}
