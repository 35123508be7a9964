import type { CrossWorkspaceCases } from "./case";

export const conversationsCases: CrossWorkspaceCases = {
  "conversations.create": { notFound: (b) => ({ title: "Stolen", userId: b.user }) },
  "conversations.get": { notFound: (b) => ({ id: b.conversation }) },
  // Unfiltered, where a leak would show; a filter naming B's user is tested in conversations.test.
  "conversations.list": { ownRowsOnly: () => ({}) },
  "conversations.delete": { notFound: (b) => ({ id: b.conversation }) },
  "conversations.addMessage": {
    notFound: (b) => ({ conversationId: b.conversation, role: "user", content: "Hello" }),
  },
  "conversations.listMessages": { notFound: (b) => ({ conversationId: b.conversation }) },
  "conversations.storeContext": {
    notFound: (b) => ({
      conversationId: b.conversation,
      contextType: "technology",
      contextKey: "prefers_typescript",
      contextValue: false,
    }),
  },
  "conversations.retrieveContext": { notFound: (b) => ({ conversationId: b.conversation }) },
  "conversations.retrieveContextByType": {
    notFound: (b) => ({ conversationId: b.conversation, contextType: "technology" }),
  },
};
