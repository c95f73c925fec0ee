/** `npm run db:generate` (also run by postinstall): builds the Prisma clients for both providers, offline. */
import { generateClients } from "./prisma-cli";

generateClients();
console.log("Prisma clients generated for sqlite and postgresql.");
