// searchbnf.conf is missing from the published 9.2 spec set (shared/splunk/spec/9.2); these are the settings of
// Splunk's own searchbnf.conf.spec (Splunk Enterprise 9.0.3, "COMMAND STANZA STRUCTURE" and "ATTRIBUTES"),
// which has not changed them since. Required in a `[<command>-command]` stanza: syntax, description, usage.
import { parseSpec } from './spec';

export const SEARCHBNF_SPEC = parseSpec(`
[<command-name>-command]
syntax = <string>
simplesyntax = <string>
alias = <alias list>
description = <string>
shortdesc = <string>
example<number> = <string>
comment<number> = <string>
usage = public | private | deprecated
tags = <tag list>
maintainer = <name>
appears-in = <version>
related = <command list>
`);

export const SEARCHBNF_REQUIRED = ['syntax', 'description', 'usage'];
