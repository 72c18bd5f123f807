import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** The invitee's destination: an app of the inviting organization, on another origin. */
export async function startDestination(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Welcome</title><h1>Welcome to the app</h1>'));
  return { server, origin: await listenOnLoopback(server) };
}
