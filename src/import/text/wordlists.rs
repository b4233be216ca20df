//! Word lists of the name test: particles, suffixes, the words of titles,
//! rooms and dates that are no part of a name, and the words around a name
//! that say prose names a speaker. Lower case.

#[rustfmt::skip]
pub const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "le", "la", "dos",
    "das", "do", "ter", "ten", "bin", "binti", "ibn", "al", "el", "y", "zu", "af", "av", "st.",
    "mac", "ben", "bint", "e",
];

#[rustfmt::skip]
pub const SUFFIXES: &[&str] = &[
    "jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "phd", "md",
];

/// Words of titles, schedules, rooms and dates that are no part of a name
/// (lower case). A capitalised title fragment (`Lessons Learned`) must not
/// read as a person.
#[rustfmt::skip]
pub const NOT_NAME: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with",
    "without", "from", "by", "into", "onto", "about", "over", "under", "via", "vs", "vs.",
    "versus", "is", "are", "was", "be", "been", "being", "am", "do", "does", "did", "can",
    "could", "will", "would", "should", "may", "might", "must", "shall", "your", "you", "yours",
    "my", "me", "our", "we", "us", "it", "its", "it's", "how", "why", "what", "when", "where",
    "who", "whom", "which", "that", "this", "these", "those", "not", "no", "yes", "all", "any",
    "some", "more", "most", "less", "least", "very", "too", "so", "if", "then", "than", "as",
    "up", "down", "out", "off", "again", "just", "only", "also", "even", "still", "now", "here",
    "there", "after", "before", "during", "while", "between", "among", "against", "beyond",
    "toward", "towards", "through", "across", "behind", "inside", "outside", "around", "upon",
    "everything", "nothing", "something", "anything", "everyone", "someone", "anyone", "none",
    "one", "two", "three", "four", "five", "ten", "hundred", "first", "second", "third", "last",
    "next", "other", "another", "each", "every", "both", "many", "much", "few", "he", "she",
    "they", "them", "his", "her", "their", "i", "i'm", "let's", "don't", "isn't", "can't",
    "won't", "we're", "you're", "they're", "there's", "what's", "here's", "finally", "then",
    "later", "afterwards", "meanwhile", "today", "tomorrow", "yesterday", "tonight", "hello",
    "hi", "thanks", "thank", "please", "oh", "well", "ok", "okay", "new", "old", "best",
    "better", "good", "bad", "great", "big", "small", "little", "simple", "easy", "hard",
    "real", "true", "false", "fast", "faster", "slow", "modern", "future", "past", "practical",
    "advanced", "beginner", "beginners", "intermediate", "expert", "experts", "deep", "dive",
    "hands", "hands-on", "part", "parts", "intro", "introduction", "lessons", "lesson",
    "learned", "learnt", "learning", "tips", "tricks", "guide", "guides", "state", "scale",
    "scaling", "performance", "testing", "test", "tests", "data", "science", "machine",
    "machines", "web", "app", "apps", "api", "apis", "cloud", "open", "source", "security",
    "design", "designing", "pattern", "patterns", "system", "systems", "code", "coding",
    "developer", "developers", "development", "production", "async", "await", "type", "types",
    "typing", "tooling", "tools", "tool", "community", "communities", "team", "teams", "docs",
    "documentation", "world", "life", "time", "times", "way", "ways", "thing", "things",
    "story", "stories", "journey", "road", "art", "power", "magic", "love", "hate", "trenches",
    "zero", "hero", "hood", "scenes", "case", "study", "studies", "lab", "labs", "building",
    "build", "builds", "making", "make", "getting", "get", "writing", "write", "running", "run",
    "thinking", "understanding", "debugging", "shipping", "migrating", "using", "use", "beyond",
    "why", "meet", "meets", "goes", "going", "gone", "inside", "secrets", "secret", "myths",
    "myth", "truth", "truths", "rise", "fall", "end", "start", "starting", "beginning",
    "project", "projects", "product", "products", "service", "services", "platform",
    "platforms", "framework", "frameworks", "library", "libraries", "language", "languages",
    "model", "models", "network", "networks", "networking", "database", "databases", "graph",
    "graphs", "memory", "engine", "engines", "compiler", "compilers", "runtime", "kernel",
    "server", "servers", "client", "clients", "browser", "mobile", "desktop", "game", "games",
    "gaming", "music", "health", "education", "teaching", "research", "analysis", "analytics",
    "visualization", "visualisation", "computing", "computer", "computers", "software",
    "hardware", "infrastructure", "operations", "ops", "devops", "mlops", "ai", "ml", "ux", "ui", "qa", "it", "hr", "pr", "vp", "ceo", "cto", "cfo", "io", "os", "db", "llm",
    "llms", "agents", "agent", "quantum", "robots", "robot", "robotics", "crypto", "privacy",
    "ethics", "accessibility", "inclusion", "diversity", "career", "careers", "hiring",
    "interview", "interviews", "leadership", "management", "manager", "managers", "burnout",
    "health", "mental", "wellbeing", "productivity", "maintainers", "maintainer", "maintenance",
    "contributors", "contributing", "contribution", "packaging", "package", "packages",
    "deployment", "deploying", "deploy", "monitoring", "observability", "logging", "tracing",
    "metrics", "containers", "kubernetes", "docker", "serverless", "microservices", "functions",
    "function", "functional", "object", "objects", "oriented", "programming", "programmer",
    "programmers", "refactoring", "legacy", "review", "reviews", "static", "dynamic",
    "concurrency", "parallelism", "parallel", "distributed", "streaming", "stream", "streams",
    "events", "event", "queue", "queues", "cache", "caching", "search", "query", "queries",
    "sql", "nosql", "schema", "schemas", "migration", "migrations", "version", "versions",
    "release", "releases", "history", "unicode", "text", "strings", "numbers", "math", "maths",
    "statistics", "stats", "numerical", "scientific", "notebooks", "notebook", "pipelines",
    "pipeline", "workflow", "workflows", "automation", "automating", "bots", "bot", "chat",
    "images", "image", "video", "audio", "sound", "maps", "map", "geo", "spatial",
    "time-series", "forecasting", "prediction", "optimization", "optimisation", "profiling",
    "benchmarking", "benchmarks", "speed", "speeding", "faster", "safety", "safe", "unsafe",
    "rust", "python", "pythonic", "django", "flask", "fastapi", "pandas", "numpy", "java",
    "javascript", "typescript", "go", "golang", "ruby", "rails", "php", "perl", "haskell",
    "elixir", "erlang", "scala", "kotlin", "swift", "c", "c++", "c#", "linux", "windows", "mac",
    "ios", "android", "react", "vue", "node", "html", "css", "http", "json", "xml", "yaml",
    "git", "github", "gitlab", "aws", "azure", "gcp", "google", "microsoft", "apple", "amazon",
    "meta", "mozilla", "firefox", "chrome", "wasm", "webassembly", "pypi", "pycon", "djangocon",
    "europython", "rustconf", "fosdem", "jsconf", "conference", "conferences", "summit",
    "meetup", "unconference", "sprint", "sprints", "hackathon", "keynote", "keynotes", "panel",
    "panels", "q&a", "qa", "workshop", "workshops", "tutorial", "tutorials", "talk", "talks",
    "lightning", "session", "sessions", "opening", "closing", "welcome", "remarks", "break",
    "lunch", "coffee", "breakfast", "dinner", "party", "reception", "registration", "social",
    "networking", "poster", "posters", "demo", "demos", "announcements", "announcement",
    "plenary", "fireside", "ama", "bof", "birds", "feather", "open-space", "spaces", "space",
    "notes", "note", "summary", "overview", "recap", "report", "takeaways", "highlights",
    "slides", "links", "resources", "questions", "answers", "discussion", "conclusion",
    "conclusions", "day", "days", "morning", "afternoon", "evening", "night", "week", "weekend",
    "year", "edition", "room", "rooms", "hall", "halls", "track", "tracks", "auditorium",
    "stage", "ballroom", "theatre", "theater", "salon", "floor", "level", "main", "north",
    "south", "east", "west", "upstairs", "downstairs", "online", "remote", "virtual",
    "livestream", "venue", "tba", "tbd", "tbc", "invited", "sponsored", "sponsor", "sponsors",
    "special", "guest", "host", "hosts", "mc", "moderator", "speaker", "speakers", "attendees",
    "audience", "everybody", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "university", "institute", "inc", "inc.", "ltd", "llc", "gmbh", "corp",
    "labs", "foundation", "society", "association", "group", "company", "department", "school",
    "college", "academy", "center", "centre", "council", "board", "committee",
    // Places a report names the way it names a talk (`Field Museum`, the
    // opening party's venue): no person.
    "museum", "hotel", "stadium", "gallery", "lounge", "restaurant", "pub", "club",
    "gardens", "beach", "square", "campus", "arena", "pier", "brewery", "aquarium", "zoo",
    "palace", "cathedral", "station",
];

/// Lower-case words that end a name run when they follow it in prose.
#[rustfmt::skip]
pub const SPEAKING_VERBS: &[&str] = &[
    "talked", "stepped", "filled", "talks", "spoke", "speaks", "gave", "gives", "presented", "presents", "explained",
    "explains", "showed", "shows", "discussed", "discusses", "walked", "walks", "shared",
    "shares", "described", "describes", "demonstrated", "demonstrates", "demoed", "introduced",
    "introduces", "argued", "argues", "opened", "opens", "kicked", "started", "starts", "began",
    "begins", "delivered", "delivers", "covered", "covers", "took", "takes", "led", "leads",
    "closed", "closes", "told", "tells", "asked", "asks", "made", "makes", "went", "goes",
    "reminded", "reminds", "offered", "offers", "outlined", "outlines", "highlighted",
    "highlights", "presenting", "explored", "explores", "emphasized", "emphasised", "stressed",
    "noted", "pointed", "urged", "challenged", "answered", "reflected", "recounted", "taught",
    "teaches", "guided", "focused", "focussed", "dove", "dived", "shows", "said", "says", "ran",
    "runs", "hosted", "hosts", "moderated", "wrapped", "ended", "followed", "continued",
    "returned", "is", "was",
];

/// Words before `by` that make it introduce a speaker.
#[rustfmt::skip]
pub const BY_INTRO: &[&str] = &[
    "talk", "keynote", "presented", "given", "session", "presentation", "workshop", "tutorial",
    "delivered", "led", "hosted", "run", "panel", "moderated", "one", "lecture", "demo",
    "address", "introduced", "chaired", "followed", "next", "then", "talks",
];

/// Nouns after `X's` that make X a speaker.
#[rustfmt::skip]
pub const TALK_NOUNS: &[&str] = &[
    "talk", "keynote", "session", "presentation", "workshop", "tutorial", "lecture", "demo",
    "slides", "opening", "closing", "panel", "lightning",
];

/// Titles before a name (`Dr. Eszter Kovács`); `St.` also inside one
/// (`Emily St. Clair`).
#[rustfmt::skip]
pub const HONORIFICS: &[&str] = &[
    "dr.", "dr", "prof.", "prof", "mr.", "mrs.", "ms.", "mx.", "sir", "dame", "st.", "rev.",
    "fr.", "professor", "doctor",
];

/// Surnames that are also words of titles: a name when a given name comes
/// first (`Evan You`, `Josh Long`, `Grace Young`).
#[rustfmt::skip]
pub const SURNAME_WORDS: &[&str] = &[
    "you", "may", "will", "long", "young", "king", "love", "power", "well", "little", "black",
    "white", "green", "brown", "hill", "wood", "stone", "rose", "hope", "grant", "bell", "west",
    "north", "south", "east", "rich", "best", "good", "new", "day", "sun", "park", "lee", "ward",
    "hall", "field", "fields", "page", "link", "case", "hunt", "fox", "gray", "grey", "street",
    "price", "bond", "lane", "major", "march", "summer", "winter", "frost", "storm", "snow",
    "rain", "moon", "star", "swift", "ruby", "go", "rust", "node", "graph", "search", "rich",
    "wise", "strong", "short", "small", "big", "sharp", "keen", "free", "noble", "hart",
    "heart", "king", "knight", "bishop", "cook", "baker", "smith", "mason", "turner", "carter",
    "walker", "fisher", "hunter", "porter", "dean", "chase", "miles", "banks", "holmes",
    "wells", "mills", "woods", "brooks", "rivers", "booth", "mark", "marks", "joy", "faith",
];

/// Given names that are also words of titles or dates: a name when a
/// surname follows (`Will McGugan`, `April Wensel`).
#[rustfmt::skip]
pub const GIVEN_WORDS: &[&str] = &[
    "will", "may", "june", "april", "august", "grace", "hope", "faith", "joy", "mark", "bill",
    "rose", "summer", "dawn", "art", "ray", "jack", "pat", "sue", "sky", "river", "max", "gene",
    "chase", "hunter", "page", "grant", "sterling", "frank", "earnest", "ernest", "young",
    "rich", "sunny", "star", "autumn", "winter", "storm", "crystal", "amber", "ruby", "pearl",
    "jade", "iris", "violet", "lily", "daisy", "holly", "ivy", "penny", "sandy", "misty",
    "guy", "bob", "rob", "don", "dean", "drew", "lane", "reed", "wade", "cliff", "glen",
    "miles", "price", "case", "mac", "sam", "jean", "joe", "jan", "mar", "sat", "nick", "rusty", "sean", "van",
];

/// Headings that name a part of a talk's notes, not a talk.
pub const SECTION_WORDS: &[&str] = &[
    "notes",
    "content",
    "contents",
    "takeaways",
    "key takeaways",
    "summary",
    "q&a",
    "questions",
    "links",
    "resources",
    "slides",
    "highlights",
    "key points",
    "abstract",
    "description",
    "bio",
    "about",
    "video",
    "references",
    "further reading",
    "thoughts",
    "my thoughts",
    "conclusion",
    "intro",
    "introduction",
    "overview",
    "details",
    "tldr",
    "tl;dr",
];

/// A word list asked about every token of a file, as a hash set built on
/// first use: a scan of `NOT_NAME` (about 800 words) for each token was
/// most of a prose import's time.
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<std::collections::HashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    /// Whether `w` (already in lower case, as the lists are) is a word of
    /// the list.
    pub fn has(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(w)
    }
}

/// `w` in lower case, as `str::to_lowercase` writes it, without a copy
/// when it already is (ASCII with no capital): the readers ask this of
/// every token, and most are lower-case words.
pub fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// [`NOT_NAME`] as a set.
pub static NOT_NAME_SET: WordSet = WordSet::new(NOT_NAME);
/// [`SPEAKING_VERBS`] as a set.
pub static SPEAKING_VERBS_SET: WordSet = WordSet::new(SPEAKING_VERBS);
