import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { ErrorNote } from "./components/error-note";
import { type LiveStatus, useLiveChanges } from "./live";
import { AgentsPage } from "./pages/agents";
import { ApprovalsPage } from "./pages/approvals";
import { IngestionPage } from "./pages/ingestion";
import { ProjectsPage } from "./pages/projects";
import { RunPage } from "./pages/run";
import { RunsPage } from "./pages/runs";
import { SignInPage } from "./pages/sign-in";
import { TracePage } from "./pages/trace";
import { TracesPage } from "./pages/traces";
import { type CurrentKey, isSignedOut, useCurrentKey, useSignOut } from "./session";

const sections = [
  { path: "/runs", label: "Runs" },
  { path: "/traces", label: "Traces" },
  { path: "/approvals", label: "Approvals" },
  { path: "/agents", label: "Agents" },
  { path: "/projects", label: "Projects" },
  { path: "/ingestion", label: "Ingestion" },
] as const;

export function App() {
  const current = useCurrentKey();
  if (current.isPending) return <p className="loading">Loading…</p>;
  if (current.error) {
    if (isSignedOut(current.error)) return <SignInPage />;
    return (
      <main className="page">
        <ErrorNote error={current.error} />
      </main>
    );
  }
  return <Console current={current.data} />;
}

function Console({ current }: { current: CurrentKey }) {
  const live = useLiveChanges();
  return (
    <div className="shell">
      <Header current={current} live={live} />
      <main className="page">
        <Switch>
          <Route path="/runs" component={RunsPage} />
          <Route path="/runs/:runId" component={RunPage} />
          <Route path="/traces" component={TracesPage} />
          <Route path="/traces/:invocationId" component={TracePage} />
          <Route path="/approvals" component={ApprovalsPage} />
          <Route path="/agents" component={AgentsPage} />
          <Route path="/projects" component={ProjectsPage} />
          <Route path="/ingestion" component={IngestionPage} />
          <Route path="/">
            <Redirect to="/runs" />
          </Route>
          <Route>
            <section>
              <h1>Not found</h1>
              <p>
                No page here. <Link href="/runs">Go to runs</Link>.
              </p>
            </section>
          </Route>
        </Switch>
      </main>
    </div>
  );
}

function Header({ current, live }: { current: CurrentKey; live: LiveStatus }) {
  const [location] = useLocation();
  const signOut = useSignOut();
  return (
    <header className="topbar">
      <Link href="/runs" className="brand">
        Steward
      </Link>
      <nav aria-label="Sections">
        {sections.map((section) => (
          <Link
            key={section.path}
            href={section.path}
            aria-current={location.startsWith(section.path) ? "page" : undefined}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      <div className="who">
        <span className={`live live-${live}`} title={liveTitle[live]}>
          {live === "live" ? "● live" : live === "connecting" ? "○ connecting" : "○ offline"}
        </span>
        <span title={`Scopes: ${current.scopes.join(", ")}`}>
          {current.workspaceName} · {current.keyName}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

const liveTitle: Record<LiveStatus, string> = {
  live: "Views update as the worker records telemetry",
  connecting: "Connecting to the live feed",
  offline: "The live feed is down; views refresh when you reload",
};
