package dev.oltpmesh.model.security;

/** What kind of server a service identity belongs to; it decides which events it may sign. */
public enum ServiceRole {
    CONFIG, ROUTER, GATEWAY, PEER
}
