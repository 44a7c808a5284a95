/** The ports the servers listen on inside their containers and pods (and, by default, publish on the local host). */
export const PORTS = {
  /** Alertmanager's API and UI. */
  alertmanagerWeb: 9093,
  /** Alertmanager's gossip, TCP and UDP. */
  alertmanagerMesh: 9094,
  prometheus: 9090,
  /** The capture stand-in on the local stack. */
  capture: 9099,
} as const;
