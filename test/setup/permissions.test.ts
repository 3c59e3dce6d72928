import { expect } from 'chai';
import { permissionFor, userContextFrom } from '../../src/setup/model/permissions';

describe('setup/model/permissions: who may change the configuration', () => {
  it('admin_all_objects may write; anyone else gets a read-only page that says which capability is missing', () => {
    expect(permissionFor({ username: 'admin', roles: ['admin'], capabilities: ['admin_all_objects', 'search'] })).to.deep.equal({ canWrite: true });
    expect(permissionFor(userContextFrom({ username: 'analyst', roles: ['user'], capabilities: ['search', 'list_inputs'] }))).to.deep.equal({
      canWrite: false,
      reason:
        'You are signed in as analyst (roles: user), which lacks the admin_all_objects capability. Changing Defender Sync accounts, settings and inputs needs it (the admin and sc_admin roles have it): ask a Splunk administrator.',
    });
    expect(userContextFrom(undefined)).to.deep.equal({ username: '', roles: [], capabilities: [] });
  });
});
