import type { CrossWorkspaceCases } from "./case";

const mine = "creates in the caller's workspace and names no other row";

export const planningCases: CrossWorkspaceCases = {
  "projects.create": {
    exempt: mine,
    input: () => ({ name: "Mine", mode: "genesis", rootPath: "/srv/mine" }),
  },
  "projects.update": { notFound: (b) => ({ id: b.project, name: "stolen" }) },
  "projects.get": { notFound: (b) => ({ id: b.project }) },
  "projects.list": { ownRowsOnly: () => ({}) },
  "projects.complete": { notFound: (b) => ({ id: b.project }) },
  "projects.delete": { notFound: (b) => ({ id: b.project }) },

  "requirements.create": {
    notFound: (b) => ({ projectId: b.project, category: "functional", description: "stolen" }),
  },
  "requirements.update": { notFound: (b) => ({ id: b.requirement, description: "stolen" }) },
  "requirements.validate": { notFound: (b) => ({ id: b.requirement }) },
  "requirements.get": { notFound: (b) => ({ id: b.requirement }) },
  "requirements.list": { notFound: (b) => ({ projectId: b.project }) },
  "requirements.delete": { notFound: (b) => ({ id: b.requirement }) },
  "requirements.linkFeature": {
    notFound: (b) => ({ requirementId: b.requirement, featureId: b.feature }),
  },
  "requirements.unlinkFeature": {
    notFound: (b) => ({ requirementId: b.requirement, featureId: b.feature }),
  },
  "requirements.features": { notFound: (b) => ({ requirementId: b.requirement }) },

  "features.create": { notFound: (b) => ({ projectId: b.project, name: "stolen" }) },
  "features.update": { notFound: (b) => ({ id: b.feature, name: "stolen" }) },
  "features.get": { notFound: (b) => ({ id: b.feature }) },
  "features.list": { notFound: (b) => ({ projectId: b.project }) },
  "features.delete": { notFound: (b) => ({ id: b.feature }) },
  "features.requirements": { notFound: (b) => ({ featureId: b.feature }) },
  "features.createSubFeature": { notFound: (b) => ({ featureId: b.feature, name: "stolen" }) },
  "features.updateSubFeature": { notFound: (b) => ({ id: b.subFeature, name: "stolen" }) },
  "features.getSubFeature": { notFound: (b) => ({ id: b.subFeature }) },
  "features.subFeatures": { notFound: (b) => ({ featureId: b.feature }) },
  "features.deleteSubFeature": { notFound: (b) => ({ id: b.subFeature }) },

  "sprints.create": { notFound: (b) => ({ projectId: b.project, name: "stolen" }) },
  "sprints.update": { notFound: (b) => ({ id: b.sprint, name: "stolen" }) },
  "sprints.get": { notFound: (b) => ({ id: b.sprint }) },
  "sprints.list": { notFound: (b) => ({ projectId: b.project }) },
  "sprints.start": { notFound: (b) => ({ id: b.sprint }) },
  "sprints.complete": { notFound: (b) => ({ id: b.sprint }) },
  "sprints.cancel": { notFound: (b) => ({ id: b.sprint }) },

  // Instances work on the plan's tasks, so their cases sit with the plan's.
  "agentInstances.spawn": { notFound: (b) => ({ type: "coder", agentId: b.agent }) },
  "agentInstances.heartbeat": { notFound: (b) => ({ id: b.instance, tokensUsed: 10 }) },
  "agentInstances.recordTaskOutcome": { notFound: (b) => ({ id: b.instance, outcome: "failed" }) },
  "agentInstances.terminate": { notFound: (b) => ({ id: b.instance, reason: "stolen" }) },
  "agentInstances.get": { notFound: (b) => ({ id: b.instance }) },
  "agentInstances.list": { ownRowsOnly: (b) => ({ agentId: b.agent }) },
};
