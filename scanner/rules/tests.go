package rules

// The tests that decide whether a candidate is a key, in the order Find applies them.
// A Verdict names the first test a candidate fails.
const (
	// TestPrefix: the text starts with none of the set's prefixes.
	TestPrefix = "prefix"
	// TestBoundaryBefore: the prefix sits inside a word, identifier, dotted or dashed name or base64 run.
	TestBoundaryBefore = "boundary-before"
	// TestTooLong: the run of alphabet bytes is longer than any key: part of a larger blob.
	TestTooLong = "too-long"
	// TestBoundaryAfter: the body runs on into a word, a mask ("****", "…") or a template.
	TestBoundaryAfter = "boundary-after"
	// TestBodyStart: there is no body that starts with a letter or digit (a placeholder, template or pattern).
	TestBodyStart = "body-start"
	// TestLength: the body's length fits none of the rule's bands.
	TestLength = "length"
	// TestLabel: after a leading word label ("admin-"), the random part is too short for a key.
	TestLabel = "labelled-short"
	// TestHash: the body is exactly an MD5/UUID, SHA-1 or SHA-256 in lower-case hex (a commit-named folder).
	TestHash = "hex-hash"
	// TestClasses: the body holds a single character class (a word, a number, a mask).
	TestClasses = "character-classes"
	// TestName: the body is a file or host name (its last dotted part is an extension or domain).
	TestName = "file-or-host-name"
	// TestJoinedNames: the body is names joined by separators (CSS class, BEM or CSS Modules name, pod or file name).
	TestJoinedNames = "joined-names"
	// TestCloudID: the body is a short lower-case id such as an AnalyticDB instance id.
	TestCloudID = "cloud-id"
	// TestEntropy: the body has less than 3 bits of entropy per character.
	TestEntropy = "entropy"
	// TestRun: the body holds a run or sequence of six ("aaaaaa", "abcdef", "654321").
	TestRun = "run-or-sequence"
	// TestPlaceholder: the body spells placeholder or fixture words ("your", "example", "test").
	TestPlaceholder = "placeholder-word"
	// TestWords: the body is made of long pronounceable pieces, like words, not random characters.
	TestWords = "word-like"
)
