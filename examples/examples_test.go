// Package examples checks the example CI and Kubernetes files: the workflows with actionlint,
// the manifests by decoding them strictly into the Kubernetes API's own types.
package examples

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// documents splits a multi-document YAML file.
func documents(t *testing.T, name string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, d := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(d)) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// TestKubernetesManifests decodes every manifest strictly (an unknown or misplaced field is an
// error) into its k8s.io/api type and checks that the pieces fit: an Indexed Job whose shard
// count is its completions, the Secret, ConfigMap and volume claim it names.
func TestKubernetesManifests(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("kubernetes", "*.yaml"))
	if len(names) == 0 {
		t.Fatal("no manifests")
	}
	objects := map[string]string{} // kind/name
	var jobs []batchv1.JobSpec
	for _, name := range names {
		for i, doc := range documents(t, name) {
			var meta struct{ Kind string }
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s document %d: %v", name, i+1, err)
			}
			var obj any
			switch meta.Kind {
			case "Job":
				obj = &batchv1.Job{}
			case "CronJob":
				obj = &batchv1.CronJob{}
			case "Secret":
				obj = &corev1.Secret{}
			case "ConfigMap":
				obj = &corev1.ConfigMap{}
			case "PersistentVolumeClaim":
				obj = &corev1.PersistentVolumeClaim{}
			default:
				t.Fatalf("%s document %d: kind %q is not checked", name, i+1, meta.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, obj); err != nil {
				t.Errorf("%s document %d (%s): %v", name, i+1, meta.Kind, err)
				continue
			}
			switch o := obj.(type) {
			case *batchv1.Job:
				objects["Job/"+o.Name] = ""
				jobs = append(jobs, o.Spec)
			case *batchv1.CronJob:
				objects["CronJob/"+o.Name] = ""
				jobs = append(jobs, o.Spec.JobTemplate.Spec)
			case *corev1.Secret:
				objects["Secret/"+o.Name] = strings.Join(keysOf(o.StringData), ",")
			case *corev1.ConfigMap:
				objects["ConfigMap/"+o.Name] = strings.Join(keysOf(o.Data), ",")
			case *corev1.PersistentVolumeClaim:
				objects["PersistentVolumeClaim/"+o.Name] = ""
			}
		}
	}
	if len(jobs) < 2 {
		t.Fatalf("want a Job and a CronJob, got %d job specs", len(jobs))
	}
	for i, spec := range jobs {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkJob(t, spec, objects) })
	}
}

func keysOf(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// checkJob checks one job's shards, secret, configuration and volumes against the other objects.
func checkJob(t *testing.T, spec batchv1.JobSpec, objects map[string]string) {
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Error("not an Indexed Job: JOB_COMPLETION_INDEX would not be set")
	}
	if spec.Completions == nil {
		t.Fatal("no completions")
	}
	pod := spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	script := strings.Join(append(c.Command, c.Args...), " ")
	if want := fmt.Sprintf("--shard auto/%d", *spec.Completions); !strings.Contains(script, want) {
		t.Errorf("the command lacks %q (completions %d):\n%s", want, *spec.Completions, script)
	}
	for _, want := range []string{"--cache /data/", "--state /data/", "--repos /config/repos.txt"} {
		if !strings.Contains(script, want) {
			t.Errorf("the command lacks %q", want)
		}
	}
	token := false
	for _, e := range c.Env {
		if e.Name == "KEYLINT_GIT_TOKEN" {
			ref := e.ValueFrom.SecretKeyRef
			if keys, ok := objects["Secret/"+ref.Name]; !ok || !slices.Contains(strings.Split(keys, ","), ref.Key) {
				t.Errorf("KEYLINT_GIT_TOKEN names secret %s key %s, which is not defined", ref.Name, ref.Key)
			}
			token = true
		}
	}
	if !token {
		t.Error("no KEYLINT_GIT_TOKEN from a secret")
	}
	mounted := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounted[m.Name] = m.MountPath
	}
	for _, v := range pod.Volumes {
		switch {
		case v.PersistentVolumeClaim != nil:
			if _, ok := objects["PersistentVolumeClaim/"+v.PersistentVolumeClaim.ClaimName]; !ok {
				t.Errorf("volume %s claims %s, which is not defined", v.Name, v.PersistentVolumeClaim.ClaimName)
			}
		case v.ConfigMap != nil:
			if keys, ok := objects["ConfigMap/"+v.ConfigMap.Name]; !ok || !strings.Contains(keys, "repos.txt") {
				t.Errorf("volume %s maps %s, which does not hold repos.txt", v.Name, v.ConfigMap.Name)
			}
		}
		if mounted[v.Name] == "" {
			t.Errorf("volume %s is not mounted", v.Name)
		}
	}
}

// actionlint finds the actionlint binary: on PATH or in GOPATH/bin (go install puts it there).
func actionlint(t *testing.T) string {
	if p, err := exec.LookPath("actionlint"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "actionlint")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@latest)"
	if os.Getenv("KEYLINT_REQUIRE_ACTIONLINT") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestWorkflows runs actionlint over the example workflows, and checks that the fleet
// workflow's matrix has as many shards as it passes to --shard.
func TestWorkflows(t *testing.T) {
	names, _ := filepath.Glob("github-*.yml")
	if len(names) == 0 {
		t.Fatal("no workflows")
	}
	var wf struct {
		Env  map[string]string
		Jobs map[string]struct {
			Strategy struct {
				Matrix struct{ Shard []int }
			}
		}
	}
	data, err := os.ReadFile("github-fleet-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(wf.Env["SHARDS"])
	shards := wf.Jobs["scan"].Strategy.Matrix.Shard
	if n == 0 || len(shards) != n || shards[0] != 1 || shards[n-1] != n {
		t.Errorf("matrix shards %v do not run 1 to SHARDS=%d", shards, n)
	}
	bin := actionlint(t)
	out, err := exec.Command(bin, append([]string{"-no-color"}, names...)...).CombinedOutput()
	if err != nil {
		t.Errorf("actionlint %s: %v\n%s", strings.Join(names, " "), err, out)
	}
}
