/**
 * Companies (M7): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not (`load*`, writes used inside other verbs' transactions)
 * are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 */
export {
  CreateCompanyInput,
  createCompany,
  getCompany,
  listCompanies,
  linkClientToCompany,
  unlinkClientFromCompany,
  RenameCompanyInput,
  renameCompany,
  deleteCompany,
} from "./companies";
export { listCompanyClients, listCompanyMemberships, linkClientToCompanyByEmail } from "./company-clients";
export type * from "./company-clients";
